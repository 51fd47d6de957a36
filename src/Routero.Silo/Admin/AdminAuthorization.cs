using System.Security.Cryptography;
using System.Text;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;

namespace Routero.Admin;

/// <summary>
/// Who may call the admin facade. Today only the master key; role-based access for virtual keys will
/// extend this one check rather than every route.
/// </summary>
internal sealed class AdminAuthorization : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var runtime = http.RequestServices.GetRequiredService<SiloRuntime>();
        var presented = VirtualKeys.FromAuthorization(http.Request.Headers.Authorization.ToString());
        if (presented.IsEmpty)
            return new ApiErrorResult(ApiError.Unauthorized("No admin key: send 'Authorization: Bearer <master key>'."));
        if (!IsMasterKey(presented, runtime.MasterKey))
            return new ApiErrorResult(ApiError.Unauthorized("Only the master key may call admin routes."));
        return await next(context);
    }

    /// <summary>Compares in constant time, so response timing does not reveal how much of the key matched.</summary>
    internal static bool IsMasterKey(ReadOnlySpan<char> presented, string masterKey) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToArray()), Encoding.UTF8.GetBytes(masterKey));
}

/// <summary>The caller an admin change is attributed to (<c>created_by</c>).</summary>
internal static class AdminCaller
{
    /// <summary>The master key's name in <c>created_by</c>.</summary>
    public const string Name = "master_key";
}

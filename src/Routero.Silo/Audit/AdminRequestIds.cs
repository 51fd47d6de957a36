using System.Text.RegularExpressions;
using Routero.Admin;
using Routero.Errors;
using Routero.Relay;

namespace Routero.Audit;

/// <summary>
/// Gives every admin request an id: the client's <c>x-request-id</c> when it sends one (so a change can be traced
/// from the client's logs to the audit log), else a new one, echoed back as <c>x-request-id</c> on the answer,
/// errors included. The audit records of the request's changes carry it.
/// </summary>
internal sealed partial class AdminRequestIds : IEndpointFilter
{
    /// <summary>The header.</summary>
    public const string Header = "x-request-id";

    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The current admin request's id, or null outside one.</summary>
    public static string? Current => Ambient.Value;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sent = http.Request.Headers[Header].ToString();
        var id = sent.Length > 0 && Pattern().IsMatch(sent) ? sent : RequestIds.New(http.RequestServices.GetRequiredService<TimeProvider>());
        http.Response.Headers[Header] = id;
        // A request id is copied into logs and the audit trail: refuse one that could smuggle anything else in.
        if (sent.Length > 0 && id != sent)
            return new ApiErrorResult(ApiError.BadRequest($"{Header}: must be 1 to 128 characters of A-Z a-z 0-9 . _ : -", Header));
        Ambient.Value = id;
        return await next(context);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex Pattern();
}

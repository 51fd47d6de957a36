using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;

namespace Routero.Access;

/// <summary>
/// The gate of every admin route: resolves the caller, refuses a caller that holds the route's permission nowhere
/// (403), and makes the request's <see cref="AdminAccess"/> current for the handler, which checks each object it
/// loads against it (404 outside the caller's organizations, 403 inside them without the permission).
/// </summary>
internal sealed class AdminAccessFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<RequiresPermission>()
            ?? throw new InvalidOperationException($"Admin route '{endpoint?.DisplayName}' declares no permission.");
        var caller = await CallerResolver.ResolveAsync(http, http.RequestServices.GetRequiredService<SiloRuntime>());
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var access = new AdminAccess(caller, route, declared.Permission);
        if (!access.HoldsAnywhere(declared.Permission) && !(declared.OrBudgetOnly && access.HoldsAnywhere(AdminPermission.BudgetSet)))
            return new ApiErrorResult(access.Denied(declared.Permission).Error);
        AdminAccess.Enter(access);
        http.Items[typeof(AdminAccess)] = access;
        return await next(context);
    }
}

/// <summary>Reaching the request's access from handlers.</summary>
internal static class AdminAccessHttpExtensions
{
    /// <summary>The access the filter established for this admin request.</summary>
    public static AdminAccess Access(this HttpContext http) =>
        http.Items[typeof(AdminAccess)] as AdminAccess ?? throw new InvalidOperationException("No admin access: the route is not behind the admin access filter.");
}

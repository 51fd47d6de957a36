using Routero.Access;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim;

/// <summary>
/// The gate of every SCIM route: the bearer token must be its organization's current SCIM token. The request then
/// runs as that organization's provisioner (<see cref="ScimRole"/>), through the same <see cref="AdminAccess"/> as
/// admin requests, so every object it loads is checked against the organization (another organization's ids answer
/// 404) and every change it commits is attributed to <c>scim:&lt;org&gt;</c>. Errors leave as SCIM error bodies.
/// </summary>
internal sealed class ScimAccessFilter(SiloRuntime runtime, ILogger<ScimAccessFilter> log) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var orgId = await AuthenticateAsync(http);
            var endpoint = http.GetEndpoint();
            var permission = endpoint?.Metadata.GetMetadata<RequiresPermission>()?.Permission
                ?? throw new InvalidOperationException($"SCIM route '{endpoint?.DisplayName}' declares no permission.");
            // The action name audit records carry: the method and the route pattern.
            var action = $"{http.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText}";
            var access = new AdminAccess(AdminCaller.ForOrganization(ScimRole.CallerName(orgId), orgId, ScimRole.Provisioner), action, permission);
            AdminAccess.Enter(access);
            http.Items[typeof(AdminAccess)] = access;
            http.Items[typeof(ScimContext)] = new ScimContext(runtime, orgId, ScimContext.BaseUrlOf(http.Request), log);
            return await next(context);
        }
        catch (ScimException e)
        {
            return ScimResults.Error(e);
        }
        catch (ApiException e)
        {
            // Shared admin helpers (loading objects, committing changes) speak OpenAI-shaped errors; SCIM clients get theirs.
            return ScimResults.Error(FromApi(e.Error));
        }
    }

    private async Task<string> AuthenticateAsync(HttpContext http)
    {
        var presented = VirtualKeys.FromAuthorization(http.Request.Headers.Authorization.ToString()).ToString();
        if (presented.Length == 0) throw ScimException.Unauthorized("No SCIM token: send 'Authorization: Bearer <the organization's SCIM token>'.");
        var orgId = ScimToken.OrganizationOf(presented);
        // No access is entered yet, so the read is the plain one.
        var org = orgId is null ? null : (await AdminStore.FindAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId))?.Record;
        if (org is null || !ScimToken.Matches(presented, org.ScimTokenHash))
        {
            ScimLog.TokenRefused(log, http.Connection.RemoteIpAddress?.ToString());
            throw ScimException.Unauthorized("Invalid SCIM token.");
        }
        return org.OrganizationId;
    }

    /// <summary>The SCIM error of an admin error: same status; a duplicate is a uniqueness error.</summary>
    private static ScimException FromApi(ApiError error) => error.Status switch
    {
        400 => ScimException.InvalidValue(error.Message),
        409 when error.Code == "duplicate" => ScimException.Uniqueness(error.Message),
        _ => new ScimException(error.Status, error.Message),
    };
}

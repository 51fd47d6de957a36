using Routero.Access;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// <c>POST /config/update</c> and <c>GET /config/get</c>: an organization's budget alerting, in the shape of LiteLLM's
/// <c>/config/update</c> but scoped to one organization (named by <c>organization_id</c> or <c>X-Organization-Id</c>).
/// Both need <see cref="AdminPermission.ConfigManage"/> in that organization: the settings carry webhook secrets.
/// </summary>
internal static class ConfigEndpoints
{
    private const int MaxAttempts = 4;

    /// <summary>Maps the routes.</summary>
    public static void MapConfigEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/config/update", UpdateAsync).Requires(AdminPermission.ConfigManage);
        admin.MapGet("/config/get", GetAsync).Requires(AdminPermission.ConfigManage);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime, AlertSettingsStore settings, AlertOptions options)
    {
        var r = await AdminRequest.ReadAsync(http, ConfigFields.Body);
        var orgId = await OrganizationAsync(http, runtime, AdminIds.Read(r, "organization_id"));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Read-modify-write on the stored version: two admins changing different fields at once both land.
            var (current, version) = await settings.ReadAsync(orgId, http.RequestAborted);
            var next = ConfigFields.Apply(r, current, options.AllowPrivateNetworks)
                with { UpdatedBy = AdminAccess.CurrentCallerName, UpdatedAt = runtime.Time.GetUtcNow() };
            if (await settings.TryWriteAsync(orgId, next, current, version, http.RequestAborted))
            {
                var answer = ConfigView.Of(orgId, next);
                answer["message"] = "Config updated successfully";
                return AdminJson.Ok(answer);
            }
        }
        throw new ApiException(ApiError.Conflict($"The settings of organization '{orgId}' kept changing concurrently; try again.") with { Code = "conflict" });
    }

    private static async Task<IResult> GetAsync(HttpContext http, SiloRuntime runtime, AlertSettingsStore settings)
    {
        var orgId = await OrganizationAsync(http, runtime, AdminQuery.String(http, "organization_id"));
        var (current, _) = await settings.ReadAsync(orgId, http.RequestAborted);
        return AdminJson.Ok(ConfigView.Of(orgId, current));
    }

    /// <summary>
    /// The organization the call is about: the header, else the field, else the caller's only organization. Callers who
    /// reach every organization must name one. Another organization's id answers 404, exactly as an unknown one.
    /// </summary>
    private static async Task<string> OrganizationAsync(HttpContext http, SiloRuntime runtime, string? given)
    {
        var access = http.Access();
        var orgId = AdminIds.ActiveOrganization(http, given);
        if (orgId is null && !access.IsUnrestricted(AdminPermission.ConfigManage) && access.Caller.Organizations.Count == 1)
            orgId = access.Caller.Organizations.First();
        if (orgId is null)
            throw new ApiException(ApiError.BadRequest($"organization_id: is required (or the {AdminIds.OrganizationHeader} header)", "organization_id"));
        await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
        return orgId;
    }
}

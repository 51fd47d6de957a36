using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Admin;
using Routero.Hosting;
using Routero.Tenancy;

namespace Routero.Scim;

/// <summary>
/// <c>/organization/scim_token</c>: mints (and re-mints) an organization's SCIM token, or revokes it. An admin route:
/// it takes the admin caller and needs <see cref="AdminPermission.ConfigManage"/> in the organization.
/// </summary>
internal static class ScimTokenEndpoints
{
    private static readonly FrozenSet<string> TokenFields = Fields.Of(["organization_id"]);

    /// <summary>Maps the token routes into the admin group.</summary>
    public static void MapScimTokenEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/organization/scim_token", MintAsync).Requires(AdminPermission.ConfigManage);
        admin.MapDelete("/organization/scim_token", RevokeAsync).Requires(AdminPermission.ConfigManage);
    }

    /// <summary>
    /// A new token, shown in this answer only; it replaces the previous one, which stops working at once (every silo
    /// reads the organization's stored hash on each SCIM request).
    /// </summary>
    private static async Task<IResult> MintAsync(HttpContext http, SiloRuntime runtime, ILogger<ScimAccessFilter> log)
    {
        var r = await AdminRequest.ReadAsync(http, TokenFields);
        var orgId = AdminIds.Required(r, "organization_id");
        var token = await SetAsync(runtime, orgId, () => ScimToken.Mint(orgId));
        ScimLog.TokenMinted(log, orgId, AdminAccess.CurrentCallerName);
        return AdminJson.Ok(new JsonObject
        {
            ["organization_id"] = orgId,
            ["scim_token"] = token,
            ["scim_base_url"] = ScimContext.BaseUrlOf(http.Request),
        });
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, SiloRuntime runtime, ILogger<ScimAccessFilter> log)
    {
        var r = await AdminRequest.ReadAsync(http, TokenFields);
        var orgId = AdminIds.Required(r, "organization_id");
        await SetAsync(runtime, orgId, () => null);
        ScimLog.TokenRevoked(log, orgId, AdminAccess.CurrentCallerName);
        return AdminJson.Ok(new JsonObject { ["organization_id"] = orgId, ["scim_token_revoked"] = true });
    }

    private static Task<string?> SetAsync(SiloRuntime runtime, string orgId, Func<string?> mint) =>
        AdminCommit.RunAsync(runtime, async change =>
        {
            var org = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            var token = mint();
            change.Update(org.Row, org.Record with { ScimTokenHash = token is null ? null : ScimToken.Hash(token), UpdatedAt = change.Now });
            return token;
        });
}

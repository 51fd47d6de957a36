using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

internal static partial class OrganizationEndpoints
{
    private static readonly FrozenSet<string> MemberAddFields = Fields.Of(["organization_id", "member"]);
    private static readonly FrozenSet<string> MemberUpdateFields = Fields.Of(["organization_id", "user_id", "user_email", "role", "team_id"]);

    /// <summary>Deletes organizations with their teams, keys and customers; any unknown id fails the whole request.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, DeleteFields);
        var ids = AdminIds.RequiredList(r, "organization_ids");
        var deleted = await AdminCommit.RunAsync(runtime, async change =>
        {
            var rows = new JsonArray();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                var org = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, id, "organization_ids");
                await Cascades.DeleteOrganizationAsync(runtime, change, org.Row);
                rows.Add(AdminJson.Row(org.Record));
            }
            return rows;
        });
        return AdminJson.Ok(deleted);
    }

    private static async Task<IResult> MemberAddAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, MemberAddFields);
        var orgId = AdminIds.Required(r, "organization_id");
        var organization = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
        var members = Members.Read(r, "member", CustomRoleFields.RolesOf(organization.Record), "internal_user");
        var answer = await AdminCommit.RunAsync(runtime, async change =>
        {
            await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            var existing = (await runtime.Store.ListMembersAsync(EntityKind.Organization, orgId)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
            var (users, memberships) = (new JsonArray(), new JsonArray());
            foreach (var member in members)
            {
                var (user, _) = await Members.FindOrCreateAsync(runtime, change, member, orgId);
                if (existing.Contains(user.UserId))
                    throw new ApiException(ApiError.Conflict($"User '{user.UserId}' is already a member of organization '{orgId}'.", "member"));
                var membership = new Membership(EntityKind.Organization, orgId, user.UserId, member.Role);
                change.Set.PutMemberships.Add(membership);
                users.Add(AdminJson.Row(user));
                memberships.Add(AdminJson.OrganizationMember(membership, user));
            }
            return new JsonObject { ["organization_id"] = orgId, ["updated_users"] = users, ["updated_organization_memberships"] = memberships };
        });
        return AdminJson.Ok(answer);
    }

    /// <summary>Changes a member's role, optionally scoped to one team of the organization (<c>team_id</c>).</summary>
    private static async Task<IResult> MemberUpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, MemberUpdateFields);
        var orgId = AdminIds.Required(r, "organization_id");
        var organization = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
        var role = r.OneOf("role", CustomRoleFields.RolesOf(organization.Record)) ?? throw r.Bad("role", "is required");
        var teamId = AdminIds.Read(r, "team_id");
        var (userId, email) = (AdminIds.Read(r, "user_id"), r.String("user_email"));
        if (userId is null && email is null) throw r.Bad("user_id", "user_id or user_email is required");
        var answer = await AdminCommit.RunAsync(runtime, async change =>
        {
            await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            if (teamId is not null) await RequireTeamOfAsync(runtime, orgId, teamId);
            var user = await Members.FindUserAsync(runtime, userId, email);
            var members = await runtime.Store.ListMembersAsync(EntityKind.Organization, orgId);
            if (user is null || !members.Any(m => m.UserId == user.Record.UserId))
                throw new ApiException(ApiError.NotFound($"'{userId ?? email}' is not a member of organization '{orgId}'.", userId is null ? "user_email" : "user_id"));
            var membership = new Membership(EntityKind.Organization, orgId, user.Record.UserId, role, teamId);
            change.Set.PutMemberships.Add(membership);
            return AdminJson.OrganizationMember(membership, user.Record);
        });
        return AdminJson.Ok(answer);
    }

    private static async Task RequireTeamOfAsync(SiloRuntime runtime, string orgId, string teamId)
    {
        var team = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, teamId, "team_id");
        if (team.Record.OrganizationId != orgId)
            throw new ApiException(ApiError.BadRequest($"team_id: team '{teamId}' belongs to another organization", "team_id"));
    }
}

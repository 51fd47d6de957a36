using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

internal static partial class TeamEndpoints
{
    private static readonly FrozenSet<string> DeleteFields = Fields.Of(["team_ids"]);
    private static readonly FrozenSet<string> MemberAddFields = Fields.Of(["team_id", "member"]);
    private static readonly FrozenSet<string> MemberDeleteFields = Fields.Of(["team_id", "user_id", "user_email"]);

    /// <summary>Deletes teams and their keys; any unknown id fails the whole request.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, DeleteFields);
        var ids = AdminIds.RequiredList(r, "team_ids");
        var deleted = await AdminCommit.RunAsync(runtime, async change =>
        {
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
                await Cascades.DeleteTeamAsync(runtime, change, (await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, id, "team_ids")).Row);
            return ids.Distinct(StringComparer.Ordinal).Select(id => (JsonNode)id);
        });
        return AdminJson.Ok(new JsonObject { ["deleted_teams"] = AdminJson.Array(deleted) });
    }

    private static async Task<IResult> MemberAddAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, MemberAddFields);
        var teamId = AdminIds.Required(r, "team_id");
        var members = Members.Read(r, "member", Members.TeamRoles, "user");
        var answer = await AdminCommit.RunAsync(runtime, async change =>
        {
            var team = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, teamId, "team_id");
            var existing = (await runtime.Store.ListMembersAsync(EntityKind.Team, teamId)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
            var (users, memberships) = (new JsonArray(), new JsonArray());
            foreach (var member in members)
            {
                var (user, membership) = await AddMemberAsync(runtime, change, team.Record, member, existing);
                users.Add(AdminJson.Row(user));
                memberships.Add(new JsonObject { ["user_id"] = user.UserId, ["team_id"] = teamId, ["role"] = membership.Role });
            }
            return (team.Record, users, memberships);
        });
        var view = await ViewAsync(runtime, answer.Record, withSpend: false);
        view["updated_users"] = answer.users;
        view["updated_team_memberships"] = answer.memberships;
        return AdminJson.Ok(view);
    }

    /// <summary>
    /// Adds a member to a team in <paramref name="change"/>. An unknown user is created as an internal user
    /// of the team's organization, and joins that organization too.
    /// </summary>
    private static async Task<(UserRecord User, Membership Membership)> AddMemberAsync(
        SiloRuntime runtime, AdminChange change, TeamRecord team, MemberSpec member, IReadOnlySet<string> existing)
    {
        var (user, created) = await Members.FindOrCreateAsync(runtime, change, member, team.OrganizationId);
        if (existing.Contains(user.UserId))
            throw new ApiException(ApiError.Conflict($"User '{user.UserId}' is already a member of team '{team.TeamId}'.", "member"));
        if (created && team.OrganizationId is { } orgId)
            change.Set.PutMemberships.Add(new Membership(EntityKind.Organization, orgId, user.UserId, Members.OrganizationRoleOf(user.UserRole)));
        var membership = new Membership(EntityKind.Team, team.TeamId, user.UserId, member.Role);
        change.Set.PutMemberships.Add(membership);
        return (user, membership);
    }

    private static async Task<IResult> MemberDeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, MemberDeleteFields);
        var teamId = AdminIds.Required(r, "team_id");
        var (userId, email) = (AdminIds.Read(r, "user_id"), r.String("user_email"));
        if (userId is null && email is null) throw r.Bad("user_id", "user_id or user_email is required");
        var team = await AdminCommit.RunAsync(runtime, async change =>
        {
            var stored = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, teamId, "team_id");
            var user = await Members.FindUserAsync(runtime, userId, email);
            var members = await runtime.Store.ListMembersAsync(EntityKind.Team, teamId);
            if (user is null || !members.Any(m => m.UserId == user.Record.UserId))
                throw new ApiException(ApiError.NotFound($"'{userId ?? email}' is not a member of team '{teamId}'.", userId is null ? "user_email" : "user_id"));
            change.Set.DeleteMemberships.Add((EntityKind.Team, teamId, user.Record.UserId));
            return stored.Record;
        });
        return AdminJson.Ok(await ViewAsync(runtime, team, withSpend: false));
    }
}

using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary><c>/team/*</c>: budgets, limits and model allowlists shared by a team's keys.</summary>
internal static partial class TeamEndpoints
{
    private static readonly FrozenSet<string> NewFields = Fields.Of(EntityFields.Names, ["team_id", "team_alias", "organization_id", "blocked", "members_with_roles"]);
    private static readonly FrozenSet<string> UpdateFields = Fields.Of(EntityFields.Names, ["team_id", "team_alias", "organization_id", "blocked"]);
    private static readonly FrozenSet<string> IdFields = Fields.Of(["team_id"]);

    /// <summary>Maps the team routes.</summary>
    public static void MapTeamEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/team/new", NewAsync).Requires(AdminPermission.TeamManage);
        admin.MapPost("/team/update", UpdateAsync).Requires(AdminPermission.TeamManage, orBudgetOnly: true);
        admin.MapGet("/team/info", InfoAsync).Requires(AdminPermission.TeamRead);
        admin.MapGet("/team/list", ListAsync).Requires(AdminPermission.TeamRead);
        admin.MapPost("/team/delete", DeleteAsync).Requires(AdminPermission.TeamManage);
        admin.MapPost("/team/member_add", MemberAddAsync).Requires(AdminPermission.MemberManage);
        admin.MapPost("/team/member_delete", MemberDeleteAsync).Requires(AdminPermission.MemberManage);
        admin.MapPost("/team/block", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, true)).Requires(AdminPermission.TeamManage);
        admin.MapPost("/team/unblock", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, false)).Requires(AdminPermission.TeamManage);
    }

    private static async Task<IResult> NewAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, NewFields);
        var id = AdminIds.ReadOrNew(r, "team_id");
        // A team without an organization is allowed, as in LiteLLM; its keys then answer to no organization level.
        var orgId = AdminIds.ActiveOrganization(http, AdminIds.Read(r, "organization_id"));
        if (orgId is null && AdminAccess.Current is { } access && !access.IsUnrestricted(AdminPermission.TeamManage))
            throw r.Bad("organization_id", "is required: only a platform admin may make a team outside any organization");
        List<MemberSpec> members = r.Node("members_with_roles") is null ? [] : Members.Read(r, "members_with_roles", Members.TeamRoles, "user");
        var team = await AdminCommit.RunAsync(runtime, async change =>
        {
            if (orgId is not null) await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            var record = Apply(r, new TeamRecord { TeamId = id, OrganizationId = orgId }, change.Now, creating: true);
            change.Insert(record);
            foreach (var member in members) await AddMemberAsync(runtime, change, record, member, existing: new HashSet<string>());
            return record;
        });
        return AdminJson.Ok(await ViewAsync(runtime, team, withSpend: false));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, UpdateFields);
        var id = AdminIds.Required(r, "team_id");
        var newOrg = r.Has("organization_id") ? AdminIds.Required(r, "organization_id") : null;
        BudgetChanges.NarrowIfBudgetOnly(r, "team_id");
        var team = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, id, "team_id");
            var record = Apply(r, current.Record, change.Now, creating: false);
            BudgetChanges.Check(ResourceScope.Of(current.Record.OrganizationId, id), current.Record.Limits, record.Limits);
            if (newOrg is not null && newOrg != current.Record.OrganizationId)
            {
                await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, newOrg, "organization_id");
                record = record with { OrganizationId = newOrg };
                await MoveKeysAsync(runtime, change, id, newOrg);
            }
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(new JsonObject { ["team_id"] = id, ["data"] = AdminJson.Row(team) });
    }

    private static TeamRecord Apply(FieldReader r, TeamRecord team, DateTimeOffset now, bool creating) =>
        EntityFields.Apply(r, team, now, creating) with { TeamAlias = r.Pick("team_alias", r.String, team.TeamAlias) };

    /// <summary>Keys take their team's organization, so moving a team moves its keys in the same change.</summary>
    private static async Task MoveKeysAsync(SiloRuntime runtime, AdminChange change, string teamId, string orgId)
    {
        foreach (var key in await AdminStore.ListAllAsync<KeyRecord>(runtime, new EntityQuery(EntityKind.Key) { TeamId = teamId }))
            change.Update(key.Row, key.Record with { OrganizationId = orgId, UpdatedAt = change.Now });
    }

    private static async Task<IResult> SetBlockedAsync(HttpContext http, SiloRuntime runtime, bool blocked)
    {
        var r = await AdminRequest.ReadAsync(http, IdFields);
        var id = AdminIds.Required(r, "team_id");
        var team = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, id, "team_id");
            var record = current.Record with { Blocked = blocked, UpdatedAt = change.Now };
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(AdminJson.Row(team));
    }

    private static async Task<IResult> InfoAsync(HttpContext http, SiloRuntime runtime)
    {
        var id = AdminQuery.Required(http, "team_id");
        var team = await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, id, "team_id");
        var info = await ViewAsync(runtime, team.Record, withSpend: true);
        var keys = await AccessLists.FilterAsync(runtime,
            await AdminStore.ListAllAsync<KeyRecord>(runtime, new EntityQuery(EntityKind.Key) { TeamId = id }), AdminPermission.KeyRead);
        var memberships = info["members_with_roles"]!.AsArray()
            .Select(m => (JsonNode)new JsonObject { ["user_id"] = m!["user_id"]!.DeepClone(), ["team_id"] = id, ["role"] = m["role"]!.DeepClone() });
        return AdminJson.Ok(new JsonObject
        {
            ["team_id"] = id,
            ["team_info"] = info,
            ["keys"] = AdminJson.Array(keys.Select(k => AdminJson.KeyRow(k.Record))),
            ["team_memberships"] = AdminJson.Array(memberships),
        });
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        var query = new EntityQuery(EntityKind.Team) { OrganizationId = AdminQuery.String(http, "organization_id") };
        AccessLists.RequireOwnOrganization(query.OrganizationId, "organization_id");
        if (AdminQuery.String(http, "user_id") is { } userId)
        {
            var memberships = await runtime.Store.ListMembershipsOfUserAsync(userId);
            query = query with { Ids = [.. memberships.Where(m => m.ScopeKind == EntityKind.Team).Select(m => m.ScopeId)] };
        }
        var teams = (await AccessLists.AllAsync(runtime, query, AdminPermission.TeamRead)).Select(AdminStore.Parse<TeamRecord>);
        var views = new JsonArray();
        foreach (var team in teams.OrderBy(t => t.TeamAlias, StringComparer.Ordinal))
            views.Add(await ViewAsync(runtime, team, withSpend: false));
        return AdminJson.Ok(views);
    }

    /// <summary>A team's row with its <c>members_with_roles</c>.</summary>
    private static async Task<JsonObject> ViewAsync(SiloRuntime runtime, TeamRecord team, bool withSpend)
    {
        var row = AdminJson.Row(team);
        if (withSpend) await SpendView.AddAsync(row, runtime, EntityKind.Team, team.TeamId, team.Limits);
        var members = await runtime.Store.ListMembersAsync(EntityKind.Team, team.TeamId);
        var users = await AdminStore.UsersAsync(runtime, members.Select(m => m.UserId));
        row["members_with_roles"] = AdminJson.Array(members.Select(m => AdminJson.TeamMember(m, users.GetValueOrDefault(m.UserId))));
        return row;
    }
}

using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

internal static partial class UserEndpoints
{
    private static readonly FrozenSet<string> DeleteFields = Fields.Of(["user_ids"]);
    private static readonly FrozenSet<string> SwitchFields = Fields.Of(["user_id", "organization_id"]);

    private static async Task<IResult> InfoAsync(HttpContext http, SiloRuntime runtime)
    {
        var id = AdminQuery.Required(http, "user_id");
        var user = await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, id, "user_id");
        var memberships = await runtime.Store.ListMembershipsOfUserAsync(id);
        var teamIds = memberships.Where(m => m.ScopeKind == EntityKind.Team).Select(m => m.ScopeId).ToList();
        var info = AdminJson.Row(user.Record);
        await SpendView.AddAsync(info, runtime, EntityKind.User, id, user.Record.Limits);
        info["teams"] = AdminJson.Array(teamIds.Select(t => (JsonNode)t));
        info["organization_memberships"] = AdminJson.Array(memberships
            .Where(m => m.ScopeKind == EntityKind.Organization).Select(m => AdminJson.OrganizationMember(m, user.Record)));
        var keys = await AdminStore.ListAllAsync<KeyRecord>(runtime, new EntityQuery(EntityKind.Key) { UserId = id });
        var teams = teamIds.Count == 0 ? [] : await AdminStore.ListAllAsync<TeamRecord>(runtime, new EntityQuery(EntityKind.Team) { Ids = teamIds });
        return AdminJson.Ok(new JsonObject
        {
            ["user_id"] = id,
            ["user_info"] = info,
            ["keys"] = AdminJson.Array(keys.Select(k => AdminJson.KeyRow(k.Record))),
            ["teams"] = AdminJson.Array(teams.OrderBy(t => t.Record.TeamAlias, StringComparer.Ordinal).Select(t => AdminJson.Row(t.Record))),
        });
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        var page = AdminQuery.Int(http, "page", 1, 1, int.MaxValue);
        var size = AdminQuery.Int(http, "page_size", 25, 1, 100);
        var query = new EntityQuery(EntityKind.User) { Offset = (int)Math.Min(int.MaxValue, (long)(page - 1) * size), Limit = size };
        if (AdminQuery.String(http, "organization_id") is { } orgId)
            query = query with { Ids = [.. (await runtime.Store.ListMembersAsync(EntityKind.Organization, orgId)).Select(m => m.UserId)] };
        var (users, total) = await AdminStore.PageAsync<UserRecord>(runtime, query);
        var rows = new JsonArray();
        foreach (var user in users)
        {
            var row = AdminJson.Row(user.Record);
            row["key_count"] = (await runtime.Store.ListAsync(new EntityQuery(EntityKind.Key) { UserId = user.Record.UserId, Limit = 0 })).Total;
            rows.Add(row);
        }
        return AdminJson.Ok(new JsonObject
        {
            ["users"] = rows,
            ["total"] = total,
            ["page"] = page,
            ["page_size"] = size,
            ["total_pages"] = AdminJson.TotalPages(total, size),
        });
    }

    /// <summary>Deletes users and their keys; any unknown id fails the whole request.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, DeleteFields);
        var ids = AdminIds.RequiredList(r, "user_ids").Distinct(StringComparer.Ordinal).ToList();
        await AdminCommit.RunAsync(runtime, async change =>
        {
            foreach (var id in ids)
                await Cascades.DeleteUserAsync(runtime, change, (await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, id, "user_ids")).Row);
            return ids.Count;
        });
        // LiteLLM answers a bare integer (prisma's delete count); an object is valid JSON for every client and leaves room to grow.
        return AdminJson.Ok(new JsonObject { ["deleted_users"] = ids.Count });
    }

    /// <summary>Sets the organization a user acts in by default; the user must be a member of it.</summary>
    private static async Task<IResult> SwitchOrganizationAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, SwitchFields);
        var (userId, orgId) = (AdminIds.Required(r, "user_id"), AdminIds.Required(r, "organization_id"));
        var user = await AdminCommit.RunAsync(runtime, async change =>
        {
            await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            var current = await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, userId, "user_id");
            var memberships = await runtime.Store.ListMembershipsOfUserAsync(userId);
            if (!memberships.Any(m => m.ScopeKind == EntityKind.Organization && m.ScopeId == orgId))
                throw r.Bad("organization_id", $"user '{userId}' is not a member of organization '{orgId}'");
            var record = current.Record with { OrganizationId = orgId, UpdatedAt = change.Now };
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(AdminJson.Row(user));
    }
}

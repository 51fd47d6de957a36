using Routero.Access;
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
        // As LiteLLM: without user_id, a user's key asks for its own user.
        var id = AdminQuery.String(http, "user_id") ?? AdminAccess.Current?.Caller.UserId ?? AdminQuery.Required(http, "user_id");
        var user = await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, id, "user_id");
        var memberships = await runtime.Store.ListMembershipsOfUserAsync(id);
        var teamIds = memberships.Where(m => m.ScopeKind == EntityKind.Team).Select(m => m.ScopeId).ToList();
        var info = AdminJson.Row(user.Record);
        await SpendView.AddAsync(info, runtime, EntityKind.User, id, user.Record.Limits);
        info["teams"] = AdminJson.Array(teamIds.Select(t => (JsonNode)t));
        info["organization_memberships"] = AdminJson.Array(memberships
            .Where(m => m.ScopeKind == EntityKind.Organization).Select(m => AdminJson.OrganizationMember(m, user.Record)));
        var keys = await AccessLists.FilterAsync(runtime,
            await AdminStore.ListAllAsync<KeyRecord>(runtime, new EntityQuery(EntityKind.Key) { UserId = id }), AdminPermission.KeyRead);
        var teams = teamIds.Count == 0 ? [] : await AccessLists.FilterAsync(runtime,
            await AdminStore.ListAllAsync<TeamRecord>(runtime, new EntityQuery(EntityKind.Team) { Ids = teamIds }), AdminPermission.TeamRead);
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
        {
            AccessLists.RequireOwnOrganization(orgId, "organization_id");
            query = query with { Ids = [.. (await runtime.Store.ListMembersAsync(EntityKind.Organization, orgId)).Select(m => m.UserId)] };
        }
        var (users, total) = await AccessLists.PageAsync(runtime, query, AdminPermission.UserRead);
        var rows = new JsonArray();
        foreach (var user in users.Select(AdminStore.Parse<UserRecord>))
        {
            var row = AdminJson.Row(user);
            row["key_count"] = (await runtime.Store.ListAsync(new EntityQuery(EntityKind.Key) { UserId = user.UserId, Limit = 0 })).Total;
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
            // Anyone may switch their own default organization; switching someone else's is a change of that user.
            var self = AdminAccess.Current?.Caller.UserId == userId;
            _ = await AdminStore.FindVisibleAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId)
                ?? throw AdminStore.NotFound(EntityKind.Organization, orgId, "organization_id");
            var current = await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, userId, "user_id",
                self ? AdminPermission.UserRead : AdminPermission.UserManage);
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

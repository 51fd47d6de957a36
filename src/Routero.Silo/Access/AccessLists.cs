using Routero.Admin;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Access;

/// <summary>
/// Lists as the current admin caller may see them. Unrestricted callers (the master key, proxy admins) page in
/// storage directly; everyone else gets the candidates of their own organizations, teams and keys, filtered by
/// permission and paged in memory (admin volumes, never the hot path). Cascades and internal reads use
/// <see cref="AdminStore"/>'s unfiltered lists instead: deleting a team must delete all of its keys.
/// </summary>
internal static class AccessLists
{
    /// <summary>One page of the rows the caller may see with <paramref name="permission"/>, and how many there are.</summary>
    public static async Task<(List<StoredEntity> Rows, long Total)> PageAsync(SiloRuntime runtime, EntityQuery query, AdminPermission permission)
    {
        var access = AdminAccess.Current;
        if (access is null || access.IsUnrestricted(permission))
        {
            var page = await runtime.Store.ListAsync(query);
            return ([.. page.Items], page.Total);
        }
        var rows = await AllowedAsync(runtime, access, query, permission);
        return ([.. rows.Skip(query.Offset).Take(query.Limit)], rows.Count);
    }

    /// <summary>Every row of the query the caller may see with <paramref name="permission"/>.</summary>
    public static async Task<List<StoredEntity>> AllAsync(SiloRuntime runtime, EntityQuery query, AdminPermission permission)
    {
        var access = AdminAccess.Current;
        if (access is null || access.IsUnrestricted(permission)) return await AdminStore.ListRowsAsync(runtime, query);
        return await AllowedAsync(runtime, access, query, permission);
    }

    /// <summary>The items the caller may see with <paramref name="permission"/>, in their order.</summary>
    public static async Task<List<Loaded<T>>> FilterAsync<T>(SiloRuntime runtime, IEnumerable<Loaded<T>> items, AdminPermission permission)
        where T : EntityRecord
    {
        var access = AdminAccess.Current;
        if (access is null || access.IsUnrestricted(permission)) return [.. items];
        var allowed = new List<Loaded<T>>();
        foreach (var item in items)
            if (await AllowsAsync(runtime, access, item.Row, permission)) allowed.Add(item);
        return allowed;
    }

    /// <summary>
    /// An organization filter must name one of the caller's organizations: another organization answers as an
    /// unknown one.
    /// </summary>
    public static void RequireOwnOrganization(string? organizationId, string param)
    {
        if (organizationId is null || AdminAccess.Current is not { } access || access.Sees(ResourceScope.Of(organizationId))) return;
        throw AdminStore.NotFound(EntityKind.Organization, organizationId, param);
    }

    private static async Task<List<StoredEntity>> AllowedAsync(SiloRuntime runtime, AdminAccess access, EntityQuery query, AdminPermission permission)
    {
        var candidates = new Dictionary<string, StoredEntity>(StringComparer.Ordinal);
        foreach (var candidateQuery in await CandidateQueriesAsync(runtime, access, query))
            foreach (var row in await AdminStore.ListRowsAsync(runtime, candidateQuery))
                candidates.TryAdd(row.Id, row);
        var allowed = new List<StoredEntity>();
        foreach (var row in candidates.Values)
            if (await AllowsAsync(runtime, access, row, permission)) allowed.Add(row);
        allowed.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id, b.Id));
        return allowed;
    }

    /// <summary>Queries whose union holds everything the caller could possibly see of the query.</summary>
    private static async Task<List<EntityQuery>> CandidateQueriesAsync(SiloRuntime runtime, AdminAccess access, EntityQuery query)
    {
        var caller = access.Caller;
        var organizations = query.OrganizationId is { } only ? [only] : caller.Organizations.ToList();
        if (query.Kind == EntityKind.User)
        {
            // Users belong to organizations through memberships, not a column: gather the members.
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var org in organizations) ids.UnionWith((await runtime.Store.ListMembersAsync(EntityKind.Organization, org)).Select(m => m.UserId));
            foreach (var team in caller.Teams) ids.UnionWith((await runtime.Store.ListMembersAsync(EntityKind.Team, team)).Select(m => m.UserId));
            if (caller.UserId is { } self) ids.Add(self);
            if (query.Ids is { } wanted) ids.IntersectWith(wanted);
            return ids.Count == 0 ? [] : [query with { Ids = ids, Offset = 0 }];
        }
        var queries = organizations.Select(org => query with { OrganizationId = org, Offset = 0 }).ToList();
        if (query.OrganizationId is null)
        {
            if (query.Kind == EntityKind.Key && caller.UserId is { } self && (query.UserId ?? self) == self) queries.Add(query with { UserId = self, Offset = 0 });
            if (query.Kind == EntityKind.Team && caller.Teams.Count > 0)
                queries.Add(query with { Ids = query.Ids is { } wanted ? [.. wanted.Intersect(caller.Teams)] : [.. caller.Teams], Offset = 0 });
        }
        return queries;
    }

    private static async Task<bool> AllowsAsync(SiloRuntime runtime, AdminAccess access, StoredEntity row, AdminPermission permission)
    {
        var scope = await AccessScopes.OfAsync(runtime, row);
        return access.Sees(scope) && access.Allows(permission, scope);
    }
}

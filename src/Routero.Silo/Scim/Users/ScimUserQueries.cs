using Routero.Admin;
using Routero.Provisioning;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim.Users;

/// <summary>Reading the SCIM users of the request's organization (and only of it).</summary>
internal static class ScimUserQueries
{
    private static readonly string[] Filterable = ["userName", "externalId", "id"];

    /// <summary>The SCIM user whose id (the Routero user id) is <paramref name="userId"/>, or null.</summary>
    public static async Task<Loaded<ScimUserRecord>?> FindAsync(ScimContext scim, string userId)
    {
        var page = await AdminStore.PageAsync<ScimUserRecord>(scim.Runtime, Query(scim) with { UserId = userId, Limit = 1 });
        return page.Items.FirstOrDefault();
    }

    /// <summary>The SCIM user, or a 404 (also for another organization's users, which look exactly like missing ones).</summary>
    public static async Task<Loaded<ScimUserRecord>> GetAsync(ScimContext scim, string userId) =>
        await FindAsync(scim, userId) ?? throw ScimException.NotFound($"User '{userId}' not found.");

    /// <summary>The SCIM user with this <c>userName</c> (compared case-insensitively), or null.</summary>
    public static Task<Loaded<ScimUserRecord>?> FindByUserNameAsync(ScimContext scim, string userName) =>
        AdminStore.FindAsync<ScimUserRecord>(scim.Runtime, EntityKind.ScimUser, ScimUserRecord.RowId(scim.OrganizationId, userName));

    /// <summary>One page of the users the filter matches, and how many match in all.</summary>
    public static async Task<(IReadOnlyList<ScimUserRecord> Page, long Total)> ListAsync(ScimContext scim, IReadOnlyList<ScimClause> filter, ScimPaging paging)
    {
        foreach (var clause in filter)
            if (!Filterable.Any(clause.Is)) throw ScimException.InvalidFilter($"Users can be filtered by {string.Join(", ", Filterable)}, not '{clause.Attribute}'.");
        if (filter.Count == 0)
        {
            var (items, total) = await AdminStore.PageAsync<ScimUserRecord>(scim.Runtime, Query(scim) with { Offset = paging.Offset, Limit = paging.Count });
            return ([.. items.Select(u => u.Record)], total);
        }
        var matches = (await CandidatesAsync(scim, filter)).Where(u => filter.All(c => Matches(u, c))).ToList();
        return ([.. paging.Of(matches)], matches.Count);
    }

    /// <summary>The organization's teams the user belongs to, as the read-only <c>groups</c> attribute shows them.</summary>
    public static async Task<IEnumerable<TeamRecord>> GroupsOfAsync(ScimContext scim, string userId)
    {
        var teams = await scim.TeamsAsync();
        var memberships = await scim.Runtime.Store.ListMembershipsOfUserAsync(userId);
        return memberships
            .Where(m => m.ScopeKind == EntityKind.Team)
            .Select(m => teams.GetValueOrDefault(m.ScopeId)?.Record)
            .OfType<TeamRecord>()
            .Where(t => t.ScimDeletedAt is null);
    }

    /// <summary>What storage can look up by its indexes: the row of a userName, the rows of an externalId or a user id.</summary>
    private static async Task<IReadOnlyList<ScimUserRecord>> CandidatesAsync(ScimContext scim, IReadOnlyList<ScimClause> filter)
    {
        if (filter.FirstOrDefault(c => c.Is("userName")) is { } byName)
            return await FindByUserNameAsync(scim, Text(byName)) is { } one ? [one.Record] : [];
        var query = filter.FirstOrDefault(c => c.Is("externalId")) is { } byExternal
            ? Query(scim) with { Alias = Text(byExternal) }
            : Query(scim) with { UserId = Text(filter.First(c => c.Is("id"))) };
        return [.. (await AdminStore.ListAllAsync<ScimUserRecord>(scim.Runtime, query)).Select(u => u.Record)];
    }

    // userName is caseExact false (RFC 7643 §4.1.1); externalId and id are caseExact.
    private static bool Matches(ScimUserRecord user, ScimClause clause) =>
        clause.Is("userName") ? string.Equals(user.UserName, Text(clause), StringComparison.OrdinalIgnoreCase)
        : clause.Is("externalId") ? string.Equals(user.ExternalId, Text(clause), StringComparison.Ordinal)
        : string.Equals(user.UserId, Text(clause), StringComparison.Ordinal);

    private static string Text(ScimClause clause) => clause.StringValue(ScimException.InvalidFilter);

    private static EntityQuery Query(ScimContext scim) => new(EntityKind.ScimUser) { OrganizationId = scim.OrganizationId };
}

using Routero.Admin;
using Routero.Provisioning;
using Routero.Scim.Users;
using Routero.Tenancy;

namespace Routero.Scim.Groups;

/// <summary>
/// Reading the groups of the request's organization: its teams, except those SCIM deleted. A team's SCIM members
/// are its members that the organization's provider provisioned; members an admin added are not the provider's to see.
/// </summary>
internal static class ScimGroupQueries
{
    private static readonly string[] Filterable = ["displayName", "externalId", "id"];

    /// <summary>The team behind a group, or a 404 (also for another organization's teams).</summary>
    public static async Task<Loaded<TeamRecord>> GetAsync(ScimContext scim, string teamId) =>
        (await scim.TeamsAsync()).GetValueOrDefault(teamId) is { Record.ScimDeletedAt: null } team
            ? team
            : throw ScimException.NotFound($"Group '{teamId}' not found.");

    /// <summary>The groups, oldest first.</summary>
    public static async Task<List<TeamRecord>> AllAsync(ScimContext scim) =>
        [.. (await scim.TeamsAsync()).Values.Select(t => t.Record).Where(t => t.ScimDeletedAt is null)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.TeamId, StringComparer.Ordinal)];

    /// <summary>One page of the groups the filter matches, and how many match in all.</summary>
    public static async Task<(IReadOnlyList<TeamRecord> Page, long Total)> ListAsync(ScimContext scim, IReadOnlyList<ScimClause> filter, ScimPaging paging)
    {
        foreach (var clause in filter)
            if (!Filterable.Any(clause.Is)) throw ScimException.InvalidFilter($"Groups can be filtered by {string.Join(", ", Filterable)}, not '{clause.Attribute}'.");
        var matches = (await AllAsync(scim)).Where(t => filter.All(c => Matches(t, c))).ToList();
        return ([.. paging.Of(matches)], matches.Count);
    }

    /// <summary>The team's members that are SCIM users of the organization, by user id.</summary>
    public static async Task<Dictionary<string, Loaded<ScimUserRecord>>> MembersAsync(ScimContext scim, string teamId)
    {
        var members = new Dictionary<string, Loaded<ScimUserRecord>>(StringComparer.Ordinal);
        foreach (var membership in await scim.Runtime.Store.ListMembersAsync(EntityKind.Team, teamId))
            if (await ScimUserQueries.FindAsync(scim, membership.UserId) is { } user) members[membership.UserId] = user;
        return members;
    }

    // displayName is caseExact false (RFC 7643 §4.2); externalId and id are caseExact.
    private static bool Matches(TeamRecord team, ScimClause clause)
    {
        var value = clause.StringValue(ScimException.InvalidFilter);
        return clause.Is("displayName") ? string.Equals(team.TeamAlias, value, StringComparison.OrdinalIgnoreCase)
            : clause.Is("externalId") ? string.Equals(team.ExternalId, value, StringComparison.Ordinal)
            : string.Equals(team.TeamId, value, StringComparison.Ordinal);
    }
}

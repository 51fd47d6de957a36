using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Access;

/// <summary>Where stored objects live (<see cref="ResourceScope"/>), read from their rows and, for users and teams, their memberships.</summary>
internal static class AccessScopes
{
    /// <summary>The scope of a stored object.</summary>
    public static async Task<ResourceScope> OfAsync(SiloRuntime runtime, StoredEntity row) => row.Kind switch
    {
        EntityKind.Team => ResourceScope.Of(row.OrganizationId, row.Id) with
        {
            MemberUserIds = [.. (await runtime.Store.ListMembersAsync(EntityKind.Team, row.Id)).Select(m => m.UserId)],
        },
        EntityKind.User => await OfUserAsync(runtime, row.Id, row.OrganizationId),
        EntityKind.Key => ResourceScope.Of(row.OrganizationId, row.TeamId, row.UserId),
        _ => ResourceScope.Of(row.OrganizationId),
    };

    /// <summary>A user belongs to the organizations and teams of their memberships (and their default organization).</summary>
    public static async Task<ResourceScope> OfUserAsync(SiloRuntime runtime, string userId, string? defaultOrganizationId)
    {
        var memberships = await runtime.Store.ListMembershipsOfUserAsync(userId);
        var organizations = memberships.Where(m => m.ScopeKind == EntityKind.Organization).Select(m => m.ScopeId).ToHashSet(StringComparer.Ordinal);
        if (defaultOrganizationId is not null) organizations.Add(defaultOrganizationId);
        var teams = memberships.Where(m => m.ScopeKind == EntityKind.Team).Select(m => m.ScopeId).ToList();
        if (teams.Count > 0)
        {
            var rows = await runtime.Store.ListAsync(new EntityQuery(EntityKind.Team) { Ids = teams, Limit = teams.Count });
            foreach (var team in rows.Items) if (team.OrganizationId is { } org) organizations.Add(org);
        }
        return new ResourceScope { Organizations = organizations, Teams = teams, OwnerUserId = userId };
    }
}

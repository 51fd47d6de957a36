using Routero.Access;
using Routero.Admin;
using Routero.Provisioning;
using Routero.Scim.Users;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim.Groups;

/// <summary>
/// Changes to groups, each one <see cref="AdminCommit"/>: the team, its memberships, and for each member the provider
/// adds or removes, the "last team" rule — a SCIM user removed from the last team of the organization they belonged
/// to is deprovisioned (their keys are refused), and added to a team again, provisioned.
/// </summary>
internal static class ScimGroupWrites
{
    /// <summary>Creates a team of the organization, with the members given.</summary>
    public static async Task<TeamRecord> CreateAsync(ScimContext scim, GroupAttributes group)
    {
        var (team, transitions) = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            scim.Invalidate();
            await RequireNameFreeAsync(scim, group.DisplayName, teamId: null);
            var team = new TeamRecord
            {
                TeamId = AdminIds.New(), TeamAlias = group.DisplayName, ExternalId = group.ExternalId, OrganizationId = scim.OrganizationId,
                CreatedAt = change.Now, UpdatedAt = change.Now, CreatedBy = AdminAccess.CurrentCallerName,
                Limits = Limits.None with { BudgetAnchor = change.Now },
            };
            change.Insert(team);
            return (team, await SetMembersAsync(scim, change, team.TeamId, new Dictionary<string, Loaded<ScimUserRecord>>(), group.Members));
        });
        Report(scim, transitions);
        return team;
    }

    /// <summary>Replaces a group's attributes (PUT, and PATCH once its operations are applied to the current ones).</summary>
    public static async Task<TeamRecord> ReplaceAsync(ScimContext scim, string teamId, Func<GroupAttributes, GroupAttributes> replace)
    {
        var (team, transitions) = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            scim.Invalidate();
            var current = await ScimGroupQueries.GetAsync(scim, teamId);
            var members = await ScimGroupQueries.MembersAsync(scim, teamId);
            // A team an admin made without an alias shows its id as its name, and keeps no alias until one is set.
            var shownName = current.Record.TeamAlias ?? teamId;
            var next = replace(new GroupAttributes(shownName, current.Record.ExternalId, [.. members.Keys]));
            var team = current.Record;
            if (next.DisplayName != shownName || next.ExternalId != team.ExternalId)
            {
                if (!string.Equals(next.DisplayName, shownName, StringComparison.OrdinalIgnoreCase)) await RequireNameFreeAsync(scim, next.DisplayName, teamId);
                team = team with { TeamAlias = next.DisplayName == shownName ? team.TeamAlias : next.DisplayName, ExternalId = next.ExternalId, UpdatedAt = change.Now };
                change.Update(current.Row, team);
            }
            return (team, await SetMembersAsync(scim, change, teamId, members, next.Members));
        });
        Report(scim, transitions);
        return team;
    }

    /// <summary>
    /// Deletes a group: its SCIM members leave the team (the last-team rule applies to each), and the team is hidden
    /// from SCIM. The team itself, its keys, budgets and spend stay for the admins: deleting an identity-provider
    /// group must not take down the services that use the team's keys, nor lose what they spent.
    /// </summary>
    public static async Task DeleteAsync(ScimContext scim, string teamId)
    {
        var transitions = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            scim.Invalidate();
            var current = await ScimGroupQueries.GetAsync(scim, teamId);
            var members = await ScimGroupQueries.MembersAsync(scim, teamId);
            change.Update(current.Row, current.Record with { ScimDeletedAt = change.Now, ExternalId = null, UpdatedAt = change.Now });
            return await SetMembersAsync(scim, change, teamId, members, []);
        });
        Report(scim, transitions);
    }

    /// <summary>
    /// Makes the team's SCIM members <paramref name="next"/>: adds and removes memberships, and applies the last-team
    /// rule to everyone added or removed. Members an admin added (not SCIM users) are left as they are.
    /// </summary>
    private static async Task<List<(string UserId, string Transition)>> SetMembersAsync(
        ScimContext scim, AdminChange change, string teamId, IReadOnlyDictionary<string, Loaded<ScimUserRecord>> current, IReadOnlyList<string> next)
    {
        var transitions = new List<(string, string)>();
        foreach (var userId in next.Where(id => !current.ContainsKey(id)))
        {
            var user = await ScimUserQueries.FindAsync(scim, userId)
                ?? throw ScimException.InvalidValue($"members: '{userId}' is not a user provisioned in this organization.");
            change.Set.PutMemberships.Add(new Membership(EntityKind.Team, teamId, userId, "user"));
            if (await ScimUserWrites.SetGroupsLostAsync(scim, change, user, lost: false) is { } t) transitions.Add((userId, t));
        }
        var keep = next.ToHashSet(StringComparer.Ordinal);
        foreach (var (userId, user) in current.Where(m => !keep.Contains(m.Key)))
        {
            change.Set.DeleteMemberships.Add((EntityKind.Team, teamId, userId));
            var lost = !await InAnotherTeamAsync(scim, userId, teamId);
            if (lost && await ScimUserWrites.SetGroupsLostAsync(scim, change, user, lost: true) is { } t) transitions.Add((userId, t));
        }
        return transitions;
    }

    /// <summary>Whether the user belongs to a team of the organization other than <paramref name="teamId"/>.</summary>
    private static async Task<bool> InAnotherTeamAsync(ScimContext scim, string userId, string teamId)
    {
        var teams = await scim.TeamsAsync();
        var memberships = await scim.Runtime.Store.ListMembershipsOfUserAsync(userId);
        return memberships.Any(m => m.ScopeKind == EntityKind.Team && m.ScopeId != teamId && teams.ContainsKey(m.ScopeId));
    }

    /// <summary>Two groups of one organization may not share a display name (providers match groups by it).</summary>
    private static async Task RequireNameFreeAsync(ScimContext scim, string displayName, string? teamId)
    {
        if ((await ScimGroupQueries.AllAsync(scim)).FirstOrDefault(t =>
                t.TeamId != teamId && string.Equals(t.TeamAlias, displayName, StringComparison.OrdinalIgnoreCase)) is { } taken)
            throw ScimException.Uniqueness($"displayName '{displayName}' is already the name of group '{taken.TeamId}'.");
    }

    private static void Report(ScimContext scim, List<(string UserId, string Transition)> transitions)
    {
        foreach (var (userId, transition) in transitions) scim.Report(userId, transition);
    }
}

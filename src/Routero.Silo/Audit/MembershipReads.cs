using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Audit;

/// <summary>
/// The memberships a change replaces or removes, and the organization each belongs to, read once per scope while
/// the change's records are built (a team created by the same change is found in it, not in storage).
/// </summary>
internal sealed class MembershipReads(SiloRuntime runtime, ChangeSet set)
{
    private readonly Dictionary<(EntityKind, string), IReadOnlyList<Membership>> _members = [];
    private readonly Dictionary<string, string?> _teamOrganizations = new(StringComparer.Ordinal);

    /// <summary>The stored membership of <paramref name="userId"/> in the scope, or null.</summary>
    public async Task<Membership?> FindAsync(EntityKind scopeKind, string scopeId, string userId)
    {
        if (!_members.TryGetValue((scopeKind, scopeId), out var members))
            _members[(scopeKind, scopeId)] = members = await runtime.Store.ListMembersAsync(scopeKind, scopeId);
        return members.FirstOrDefault(m => m.UserId == userId);
    }

    /// <summary>The organization of a scope: itself, or the team's organization.</summary>
    public async Task<string?> OrganizationOfAsync(EntityKind scopeKind, string teamOrOrganizationId)
    {
        if (scopeKind == EntityKind.Organization) return teamOrOrganizationId;
        if (_teamOrganizations.TryGetValue(teamOrOrganizationId, out var known)) return known;
        var team = set.Inserts.Concat(set.Updates).FirstOrDefault(r => r.Kind == EntityKind.Team && r.Id == teamOrOrganizationId)
            ?? await runtime.Store.GetAsync(EntityKind.Team, teamOrOrganizationId);
        return _teamOrganizations[teamOrOrganizationId] = team?.OrganizationId;
    }
}

/// <summary>A membership's fields as the admin API lists them (LiteLLM's <c>user_role</c> for organizations, <c>role</c> for teams).</summary>
internal static class MembershipFields
{
    /// <summary>The fields, or null for no membership.</summary>
    public static JsonObject? Of(Membership? m) => m switch
    {
        null => null,
        { ScopeKind: EntityKind.Team } => new() { ["team_id"] = m.ScopeId, ["user_id"] = m.UserId, ["role"] = m.Role },
        _ => new() { ["organization_id"] = m.ScopeId, ["user_id"] = m.UserId, ["user_role"] = m.Role, ["team_id"] = m.TeamId },
    };
}

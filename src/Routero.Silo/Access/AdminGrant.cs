namespace Routero.Access;

/// <summary>
/// A role held in a scope: everywhere (<see cref="OrganizationId"/> null), in one organization, or in one team
/// (<see cref="TeamId"/> set: a team membership, or an organization role limited to one team).
/// </summary>
public sealed record AdminGrant(AdminRole Role, string? OrganizationId, string? TeamId = null)
{
    /// <summary>True for a grant that reaches every organization.</summary>
    public bool IsGlobal => OrganizationId is null && TeamId is null;

    /// <summary>Whether the grant's scope contains <paramref name="scope"/>, ignoring which permissions it carries.</summary>
    public bool Reaches(ResourceScope scope, string callerUserId)
    {
        if (IsGlobal) return true;
        var inScope = TeamId is { } team ? scope.Teams.Contains(team) : OrganizationId is { } org && scope.Organizations.Contains(org);
        if (!inScope) return false;
        if (!Role.OwnOnly) return true;
        // Own-only roles reach the caller's own user and keys, and the teams the caller belongs to.
        return scope.OwnerUserId == callerUserId || scope.MemberUserIds.Contains(callerUserId);
    }
}

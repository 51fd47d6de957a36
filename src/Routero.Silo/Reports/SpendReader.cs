using Routero.Access;
using Routero.Storage;

namespace Routero.Reports;

/// <summary>
/// What a caller may read of spend: everything (a platform admin), the organizations where it holds
/// <see cref="AdminPermission.SpendRead"/> org-wide (an organization admin, auditor or finance), the teams where it
/// holds it (a team admin, or an organization role limited to one team), and always its own user.
/// Developers (own-only roles) reach only their own user.
/// </summary>
internal sealed class SpendReader
{
    private SpendReader(AdminAccess access)
    {
        Access = access;
        Unrestricted = access.IsUnrestricted(AdminPermission.SpendRead);
        Organizations = [.. access.Caller.Grants.Select(g => g.OrganizationId).OfType<string>().Concat(access.Caller.Organizations)
            .Distinct(StringComparer.Ordinal).Where(org => access.Allows(AdminPermission.SpendRead, ResourceScope.Of(org)))];
        Teams = [.. access.Caller.Grants.Select(g => g.TeamId).OfType<string>().Concat(access.Caller.Teams)
            .Distinct(StringComparer.Ordinal).Where(team => access.Allows(AdminPermission.SpendRead, ResourceScope.Of(null, team)))];
    }

    /// <summary>The request's access.</summary>
    public AdminAccess Access { get; }

    /// <summary>True for a caller who reads every organization's spend.</summary>
    public bool Unrestricted { get; }

    /// <summary>Organizations whose spend the caller reads in full.</summary>
    public IReadOnlyList<string> Organizations { get; }

    /// <summary>Teams whose spend the caller reads in full.</summary>
    public IReadOnlyList<string> Teams { get; }

    /// <summary>The caller's own user, if it is a user.</summary>
    public string? Self => Access.Caller.UserId;

    /// <summary>The spend-log records the caller may see; null for all.</summary>
    public SpendVisibility? Visibility => Unrestricted ? null : new SpendVisibility
    {
        OrganizationIds = Organizations,
        TeamIds = Teams,
        UserIds = Self is { } self ? [self] : [],
    };

    /// <summary>The spend reader of an admin request.</summary>
    public static SpendReader Of(HttpContext http) => new(http.Access());
}

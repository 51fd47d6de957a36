using System.Collections.Frozen;
using static Routero.Access.AdminPermission;

namespace Routero.Access;

/// <summary>
/// The built-in roles. Global roles (a user's <c>user_role</c>) reach every organization; organization roles
/// (<c>/organization/member_add</c>, <c>/organization/member_permission_update</c>, optionally limited to one team)
/// reach one organization; team roles (<c>/team/member_add</c>) reach one team.
/// </summary>
public static class AdminRoles
{
    private static readonly AdminPermission[] Reads = [OrganizationRead, TeamRead, UserRead, KeyRead, CustomerRead];

    /// <summary>Global platform admin: everything, everywhere (as the master key, but attributed to a user).</summary>
    public static readonly AdminRole ProxyAdmin = new("proxy_admin", Enum.GetValues<AdminPermission>().ToFrozenSet());

    /// <summary>Global read-only: reads, spend, audit log and the cluster view, everywhere.</summary>
    public static readonly AdminRole ProxyAdminViewer = new("proxy_admin_viewer", Set([.. Reads, SpendRead, AuditRead, ClusterRead]));

    /// <summary>Admin of one organization: everything in it except platform actions.</summary>
    public static readonly AdminRole OrganizationAdmin = new("org_admin",
        Enum.GetValues<AdminPermission>().Except([OrganizationCreate, ClusterRead]).ToFrozenSet());

    /// <summary>Developer: their own keys in the teams they belong to, their own user and spend.</summary>
    public static readonly AdminRole Developer = new("internal_user", Set([TeamRead, UserRead, KeyRead, KeyManage, SpendRead])) { OwnOnly = true };

    /// <summary>Auditor: read-only on everything in the organization, including the audit log.</summary>
    public static readonly AdminRole Auditor = new("internal_user_viewer", Set([.. Reads, SpendRead, AuditRead]));

    /// <summary>Finance: reads spend, billing and budgets; may set budgets; nothing else.</summary>
    public static readonly AdminRole Finance = new("finance", Set([.. Reads, SpendRead, BudgetSet]));

    /// <summary>Team admin: the team's members and keys, its spend, and its budget (downwards only).</summary>
    public static readonly AdminRole TeamAdmin = new("team_admin", Set([TeamRead, UserRead, KeyRead, KeyManage, MemberManage, SpendRead, BudgetSet]))
    {
        LowerBudgetOnly = true,
    };

    /// <summary>Team member: as a developer, within the team.</summary>
    public static readonly AdminRole TeamMember = Developer with { Name = "team_user" };

    /// <summary>Roles that an organization membership may carry, by name (custom roles come from the organization).</summary>
    public static readonly FrozenDictionary<string, AdminRole> OrganizationRoles = new Dictionary<string, AdminRole>
    {
        ["org_admin"] = OrganizationAdmin,
        ["internal_user"] = Developer,
        ["internal_user_viewer"] = Auditor,
        ["finance"] = Finance,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The role of a global <c>user_role</c> that reaches every organization, or null.</summary>
    public static AdminRole? Global(string userRole) => userRole switch
    {
        "proxy_admin" => ProxyAdmin,
        "proxy_admin_viewer" => ProxyAdminViewer,
        _ => null,
    };

    /// <summary>The role of a team membership.</summary>
    public static AdminRole Team(string teamRole) => teamRole == "admin" ? TeamAdmin : TeamMember;

    private static FrozenSet<AdminPermission> Set(AdminPermission[] permissions) => permissions.ToFrozenSet();
}

namespace Routero.Access;

/// <summary>
/// What an admin route needs. Every admin route declares exactly one (<see cref="AccessEndpointExtensions.Requires{TBuilder}"/>);
/// a route without one stops the silo at start. Roles are sets of these (<see cref="AdminRoles"/>), granted in a
/// scope: everywhere, one organization, or one team.
/// </summary>
public enum AdminPermission
{
    /// <summary>Read organizations (info, list).</summary>
    OrganizationRead,
    /// <summary>Create and delete organizations: a platform (global) action.</summary>
    OrganizationCreate,
    /// <summary>Change or delete an organization, its defaults and its custom roles.</summary>
    OrganizationManage,
    /// <summary>Add, remove and re-role members of an organization or team.</summary>
    MemberManage,
    /// <summary>Read teams.</summary>
    TeamRead,
    /// <summary>Create, change, block and delete teams.</summary>
    TeamManage,
    /// <summary>Read internal users.</summary>
    UserRead,
    /// <summary>Create, change and delete internal users.</summary>
    UserManage,
    /// <summary>Read virtual keys (never the keys themselves: they are shown only once).</summary>
    KeyRead,
    /// <summary>Generate, change, rotate, block and delete virtual keys.</summary>
    KeyManage,
    /// <summary>Read end customers.</summary>
    CustomerRead,
    /// <summary>Create, change, block and delete end customers.</summary>
    CustomerManage,
    /// <summary>Change budgets (and only budgets) of organizations, teams, users, keys and customers.</summary>
    BudgetSet,
    /// <summary>Read spend: logs, daily activity, billing.</summary>
    SpendRead,
    /// <summary>Read the audit log.</summary>
    AuditRead,
    /// <summary>Change an organization's settings such as alerting (<c>/config/update</c>) and its SCIM token.</summary>
    ConfigManage,
    /// <summary>Read the cluster's silos: a platform (global) action.</summary>
    ClusterRead,
}

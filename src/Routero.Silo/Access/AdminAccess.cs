using Routero.Errors;

namespace Routero.Access;

/// <summary>
/// The access decision of one admin request: who calls, which route, and what it needs. The admin handlers and the
/// helpers they share (loading objects, committing changes) reach it through <see cref="Current"/>, which the access
/// filter sets for the duration of the request, as <c>IHttpContextAccessor</c> does: threading it through every
/// signature of some sixty handlers would add nothing but noise. It is never used on the relay's hot path.
/// </summary>
public sealed partial class AdminAccess
{
    private static readonly AsyncLocal<AdminAccess?> Ambient = new();

    /// <summary>Creates the access of one request.</summary>
    public AdminAccess(AdminCaller caller, string? route, AdminPermission permission)
    {
        (Caller, Route, Permission) = (caller, route, permission);
    }

    /// <summary>The current admin request's access, or null outside one (start-up, grains, background work).</summary>
    public static AdminAccess? Current => Ambient.Value;

    /// <summary>Makes <paramref name="access"/> current for the rest of the calling async flow.</summary>
    public static void Enter(AdminAccess? access) => Ambient.Value = access;

    /// <summary>The caller.</summary>
    public AdminCaller Caller { get; }

    /// <summary>The route pattern (<c>/key/list</c>), which custom roles name.</summary>
    public string? Route { get; }

    /// <summary>
    /// What the route needs of the objects it loads. A handler narrows it when the request asks for less than the
    /// route can do (an update that changes only budgets needs <see cref="AdminPermission.BudgetSet"/>).
    /// </summary>
    public AdminPermission Permission { get; set; }

    /// <summary>The name changes are attributed to.</summary>
    public string CallerName => Caller.Name;

    /// <summary>The name the current change is attributed to (<c>created_by</c>): the caller, else the master key.</summary>
    public static string CurrentCallerName => Current?.CallerName ?? AdminCaller.MasterName;

    /// <summary>Whether the caller holds <paramref name="permission"/> in every organization (the master key, a proxy admin).</summary>
    public bool IsUnrestricted(AdminPermission permission) =>
        Caller.Grants.Any(g => g.IsGlobal && g.Role.Allows(permission, Route));

    /// <summary>Whether the caller holds <paramref name="permission"/> anywhere, or on what it owns.</summary>
    public bool HoldsAnywhere(AdminPermission permission) =>
        Caller.Grants.Any(g => g.Role.Allows(permission, Route)) || (Caller.UserId is not null && SelfAllows(permission));

    /// <summary>
    /// Whether the object is the caller's to see at all: it belongs to an organization or team the caller belongs to,
    /// or the caller owns it, or the caller reaches everything. Objects the caller may not see answer 404, as unknown ones.
    /// </summary>
    public bool Sees(ResourceScope scope)
    {
        if (Caller.Grants.Any(g => g.IsGlobal)) return true;
        if (Caller.UserId is { } self && scope.OwnerUserId == self) return true;
        return scope.Organizations.Any(Caller.Organizations.Contains) || scope.Teams.Any(Caller.Teams.Contains);
    }

    /// <summary>Whether the caller holds <paramref name="permission"/> on the object.</summary>
    public bool Allows(AdminPermission permission, ResourceScope scope)
    {
        var self = Caller.UserId;
        if (self is not null && scope.OwnerUserId == self && SelfAllows(permission)) return true;
        return Caller.Grants.Any(g => g.Role.Allows(permission, Route) && g.Reaches(scope, self ?? ""));
    }

    /// <summary>
    /// Refuses unless the caller holds <paramref name="permission"/> (by default the route's) on the object:
    /// 404 (from <paramref name="notFound"/>) when the caller may not even see it, 403 when it may see but not do.
    /// </summary>
    public void Require(ResourceScope scope, Func<ApiException> notFound, AdminPermission? permission = null, string? what = null)
    {
        var needed = permission ?? Permission;
        if (!Sees(scope)) throw notFound();
        if (!Allows(needed, scope)) throw Denied(needed, what);
    }

    /// <summary>The 403 for a permission the caller lacks.</summary>
    public ApiException Denied(AdminPermission permission, string? what = null) =>
        new(ApiError.Forbidden($"Your role does not allow {Describe(permission)}{(what is null ? "" : " on " + what)}.", "permission_denied"));

    /// <summary>Any user may read their own user, keys and spend, whatever their roles.</summary>
    private static bool SelfAllows(AdminPermission permission) =>
        permission is AdminPermission.UserRead or AdminPermission.KeyRead or AdminPermission.SpendRead;

    private static string Describe(AdminPermission permission) => permission switch
    {
        AdminPermission.OrganizationRead => "reading organizations",
        AdminPermission.OrganizationCreate => "creating organizations",
        AdminPermission.OrganizationManage => "changing organizations",
        AdminPermission.MemberManage => "managing members",
        AdminPermission.TeamRead => "reading teams",
        AdminPermission.TeamManage => "changing teams",
        AdminPermission.UserRead => "reading users",
        AdminPermission.UserManage => "changing users",
        AdminPermission.KeyRead => "reading keys",
        AdminPermission.KeyManage => "managing keys",
        AdminPermission.CustomerRead => "reading customers",
        AdminPermission.CustomerManage => "changing customers",
        AdminPermission.BudgetSet => "setting budgets",
        AdminPermission.SpendRead => "reading spend",
        AdminPermission.AuditRead => "reading the audit log",
        AdminPermission.ConfigManage => "changing settings",
        AdminPermission.ClusterRead => "reading the cluster",
        _ => permission.ToString(),
    };
}

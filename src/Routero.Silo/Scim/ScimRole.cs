using System.Collections.Frozen;
using Routero.Access;
using static Routero.Access.AdminPermission;

namespace Routero.Scim;

/// <summary>
/// The role a SCIM client acts with, in its token's organization only: users, teams, memberships and keys, and the
/// reads those need. No budgets, spend, audit, settings or other organizations.
/// </summary>
internal static class ScimRole
{
    /// <summary>The provisioner role.</summary>
    public static readonly AdminRole Provisioner = new("scim_provisioner",
        new[] { OrganizationRead, TeamRead, TeamManage, UserRead, UserManage, MemberManage, KeyRead, KeyManage }.ToFrozenSet());

    /// <summary>The caller name changes are attributed to (<c>created_by</c>, audit records).</summary>
    public static string CallerName(string organizationId) => "scim:" + organizationId;
}

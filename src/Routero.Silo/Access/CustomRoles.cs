using System.Collections.Frozen;

namespace Routero.Access;

/// <summary>Custom roles: named sets of admin routes an organization defines (<c>custom_roles</c> on the organization).</summary>
public static class CustomRoles
{
    /// <summary>The role that allows exactly <paramref name="routes"/>.</summary>
    public static AdminRole Role(string name, IEnumerable<string> routes) =>
        new(name, FrozenSet<AdminPermission>.Empty) { Routes = routes.ToFrozenSet(StringComparer.Ordinal) };
}

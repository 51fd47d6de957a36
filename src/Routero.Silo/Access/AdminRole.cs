using System.Collections.Frozen;

namespace Routero.Access;

/// <summary>
/// A role: the permissions it grants. <see cref="OwnOnly"/> roles reach only what the caller owns (their own user,
/// their own keys, the teams they belong to); <see cref="LowerBudgetOnly"/> roles may lower budgets, never raise them;
/// a custom role grants the admin routes it names (<see cref="Routes"/>) instead of permissions.
/// </summary>
public sealed record AdminRole(string Name, FrozenSet<AdminPermission> Permissions)
{
    /// <summary>Reaches only the caller's own user and keys and the teams the caller belongs to.</summary>
    public bool OwnOnly { get; init; }

    /// <summary>May change budgets only downwards (a team admin on their team).</summary>
    public bool LowerBudgetOnly { get; init; }

    /// <summary>For a custom role: the route patterns it allows (<c>/key/list</c>); null for a built-in role.</summary>
    public FrozenSet<string>? Routes { get; init; }

    /// <summary>Whether the role allows <paramref name="permission"/> on the route <paramref name="route"/>.</summary>
    public bool Allows(AdminPermission permission, string? route) =>
        Routes is { } routes ? route is not null && routes.Contains(route) : Permissions.Contains(permission);
}

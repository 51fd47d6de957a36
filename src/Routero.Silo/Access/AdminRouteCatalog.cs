using System.Collections.Frozen;

namespace Routero.Access;

/// <summary>
/// The admin route patterns of this build (<c>/key/list</c>), which custom roles may name. Filled once at start-up
/// from the mapped endpoints; every silo of a build maps the same routes.
/// </summary>
public static class AdminRouteCatalog
{
    private static FrozenSet<string> _patterns = FrozenSet<string>.Empty;

    /// <summary>The admin route patterns.</summary>
    public static FrozenSet<string> Patterns => Volatile.Read(ref _patterns);

    internal static void Set(IEnumerable<string> patterns) => Volatile.Write(ref _patterns, patterns.ToFrozenSet(StringComparer.Ordinal));
}

namespace Routero.Tenancy;

/// <summary>
/// Model allowlists across a chain: a model is allowed when every level that names models names it
/// (an empty list allows all). The special entry <c>*</c> also allows all.
/// </summary>
public sealed class ModelAccess
{
    /// <summary>Access to every model.</summary>
    public static readonly ModelAccess All = new(null);

    private readonly HashSet<string>? _allowed;

    private ModelAccess(HashSet<string>? allowed) => _allowed = allowed;

    /// <summary>True when no level restricts models.</summary>
    public bool AllowsAll => _allowed is null;

    /// <summary>The allowed models when restricted.</summary>
    public IReadOnlyCollection<string> Allowed => _allowed ?? [];

    /// <summary>Intersects the lists of all levels.</summary>
    public static ModelAccess Intersect(IEnumerable<IReadOnlyCollection<string>> lists)
    {
        HashSet<string>? allowed = null;
        foreach (var list in lists)
        {
            if (list.Count == 0 || list.Contains("*")) continue;
            if (allowed is null) allowed = new HashSet<string>(list, StringComparer.Ordinal);
            else allowed.IntersectWith(list);
        }
        // Most chains allow every model: they share one instance rather than one per key policy.
        return allowed is null ? All : new ModelAccess(allowed);
    }

    /// <summary>True when the model may be called.</summary>
    public bool Allows(string model) => _allowed is null || _allowed.Contains(model);
}

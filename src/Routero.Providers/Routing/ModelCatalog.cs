using System.Collections.Frozen;

namespace Routero.Routing;

/// <summary>Every model alias the silo serves, looked up by name from a frozen dictionary.</summary>
public sealed class ModelCatalog(IEnumerable<ModelGroup> groups)
{
    private readonly FrozenDictionary<string, ModelGroup> _groups = groups.ToFrozenDictionary(g => g.Alias, StringComparer.Ordinal);

    /// <summary>The group of an alias, or null.</summary>
    public ModelGroup? Find(string alias) => _groups.GetValueOrDefault(alias);

    /// <summary>All aliases, sorted.</summary>
    public IEnumerable<ModelGroup> All => _groups.Values.OrderBy(g => g.Alias, StringComparer.Ordinal);

    /// <summary>All providers the catalog uses.</summary>
    public IEnumerable<ProviderEndpoint> Providers => _groups.Values.SelectMany(g => g.Deployments).Select(d => d.Provider).Distinct();
}

using Routero.Pricing;
using Routero.Routing;

namespace Routero.Configuration;

/// <summary>Turns silo-config into the model catalog, refusing to start on any inconsistency.</summary>
public static class ModelCatalogFactory
{
    /// <summary>Builds the catalog; <paramref name="fakeBaseAddress"/> replaces the base URL of the provider named "fake" when the built-in fake runs.</summary>
    /// <exception cref="InvalidOperationException">The configuration is inconsistent; the message says where.</exception>
    public static ModelCatalog Create(SiloOptions options, Uri? fakeBaseAddress)
    {
        var providers = new Dictionary<string, ProviderEndpoint>(StringComparer.Ordinal);
        foreach (var p in options.Providers)
        {
            if (string.IsNullOrWhiteSpace(p.Name)) throw Invalid("Routero:Providers: every provider needs a Name.");
            var baseUrl = p.Name == "fake" && fakeBaseAddress is not null ? fakeBaseAddress.ToString() : p.BaseUrl;
            if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw Invalid($"Routero:Providers:{p.Name}: BaseUrl '{p.BaseUrl}' is not an http(s) URL.");
            var key = p.ApiKeyEnv is { Length: > 0 } env ? Environment.GetEnvironmentVariable(env) : null;
            if (!providers.TryAdd(p.Name, new ProviderEndpoint(p.Name, uri, key, TimeSpan.FromSeconds(Math.Max(1, p.TimeoutSeconds)))))
                throw Invalid($"Routero:Providers: the name '{p.Name}' is used twice.");
        }
        var groups = new List<ModelGroup>();
        foreach (var m in options.Models)
        {
            if (string.IsNullOrWhiteSpace(m.Alias)) throw Invalid("Routero:Models: every model needs an Alias.");
            if (m.Deployments.Count == 0) throw Invalid($"Routero:Models:{m.Alias}: no Deployments.");
            var deployments = new List<Deployment>();
            foreach (var (d, i) in m.Deployments.Select((d, i) => (d, i)))
            {
                if (!providers.TryGetValue(d.Provider, out var provider))
                    throw Invalid($"Routero:Models:{m.Alias}: deployment {i} names unknown provider '{d.Provider}'.");
                if (string.IsNullOrWhiteSpace(d.Model)) throw Invalid($"Routero:Models:{m.Alias}: deployment {i} has no Model.");
                ModelPrice price;
                try { price = ModelPrice.FromPerMillion(d.InputCostPerMillion, d.OutputCostPerMillion, d.MaxOutputTokens); }
                catch (ArgumentException e) { throw Invalid($"Routero:Models:{m.Alias}: deployment {i}: {e.Message}"); }
                deployments.Add(new Deployment($"{m.Alias}#{i}", provider, d.Model, d.Region, price));
            }
            groups.Add(new ModelGroup(m.Alias, deployments));
        }
        if (groups.Select(g => g.Alias).Distinct(StringComparer.Ordinal).Count() != groups.Count)
            throw Invalid("Routero:Models: an alias is configured twice.");
        return new ModelCatalog(groups);
    }

    private static InvalidOperationException Invalid(string message) => new($"Invalid silo configuration. {message}");
}

using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>
/// The <c>attributes</c> and <c>excludedAttributes</c> query parameters (RFC 7644 §3.4.2.5), for top-level attributes
/// and one level of sub-attributes (<c>name.givenName</c>). <c>id</c> and <c>schemas</c> are always returned. Entra ID
/// reads groups with <c>excludedAttributes=members</c>.
/// </summary>
internal sealed class ScimProjection
{
    private static readonly string[] Always = ["schemas", "id"];
    private readonly List<string>? _only;
    private readonly List<string> _excluded;

    private ScimProjection(List<string>? only, List<string> excluded) => (_only, _excluded) = (only, excluded);

    /// <summary>Reads the request's parameters.</summary>
    public static ScimProjection Read(HttpRequest request) => new(Paths(request, "attributes"), Paths(request, "excludedAttributes") ?? []);

    /// <summary>Whether an attribute will be shown (lets callers skip reading what is not).</summary>
    public bool Shows(string attribute) =>
        _only is { } only ? only.Any(p => Top(p).Equals(attribute, StringComparison.OrdinalIgnoreCase))
        : !_excluded.Any(p => p.Equals(attribute, StringComparison.OrdinalIgnoreCase));

    /// <summary>The resource with only the attributes asked for.</summary>
    public JsonObject Apply(JsonObject resource)
    {
        if (_only is { } only)
        {
            foreach (var (name, value) in resource.ToList())
            {
                if (Always.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
                var wanted = only.Where(p => Top(p).Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (wanted.Count == 0) resource.Remove(name);
                else if (!wanted.Any(p => p.Equals(name, StringComparison.OrdinalIgnoreCase)) && value is JsonObject sub)
                    foreach (var (subName, _) in sub.ToList())
                        if (!wanted.Any(p => Sub(p)?.Equals(subName, StringComparison.OrdinalIgnoreCase) == true)) sub.Remove(subName);
            }
            return resource;
        }
        foreach (var path in _excluded)
        {
            var key = resource.Select(p => p.Key).FirstOrDefault(k => k.Equals(Top(path), StringComparison.OrdinalIgnoreCase));
            if (key is null || Always.Contains(key, StringComparer.OrdinalIgnoreCase)) continue;
            if (Sub(path) is { } subName && resource[key] is JsonObject sub)
                sub.Remove(sub.Select(p => p.Key).FirstOrDefault(k => k.Equals(subName, StringComparison.OrdinalIgnoreCase)) ?? "");
            else if (Sub(path) is null) resource.Remove(key);
        }
        return resource;
    }

    private static string Top(string path) => path.Split('.')[0];

    private static string? Sub(string path) => path.IndexOf('.') is >= 0 and var dot ? path[(dot + 1)..] : null;

    private static List<string>? Paths(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return null;
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ScimPaths.WithoutCoreUrn)];
    }
}

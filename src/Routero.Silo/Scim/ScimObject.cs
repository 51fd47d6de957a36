using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>
/// A JSON object of a SCIM request, read the SCIM way: attribute names match case-insensitively (RFC 7643 §2.1), and
/// every failure is a 400 naming the attribute's path (<c>name.givenName</c>).
/// </summary>
internal sealed class ScimObject
{
    /// <summary>The longest string value accepted.</summary>
    public const int MaxString = 4096;

    private readonly Dictionary<string, (string Name, JsonNode? Value)> _attributes = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _prefix;

    /// <summary>Reads <paramref name="json"/>, reporting its attributes after <paramref name="prefix"/>.</summary>
    public ScimObject(JsonObject json, string prefix)
    {
        _prefix = prefix;
        try
        {
            foreach (var (name, value) in json)
                if (!_attributes.TryAdd(name, (name, value)))
                    throw ScimException.InvalidSyntax($"'{prefix}{name}' appears twice (attribute names are case-insensitive).");
        }
        catch (ArgumentException)
        {
            // JsonObject reads its properties on first use and refuses a name that appears twice exactly.
            throw ScimException.InvalidSyntax($"An attribute of '{(prefix.Length == 0 ? "the body" : prefix.TrimEnd('.'))}' appears twice.");
        }
    }

    /// <summary>The attribute names as sent.</summary>
    public IEnumerable<string> Names => _attributes.Values.Select(a => a.Name);

    /// <summary>True when the attribute is present, even as null.</summary>
    public bool Has(string name) => _attributes.ContainsKey(name);

    /// <summary>The raw value, null when absent or null.</summary>
    public JsonNode? Node(string name) => _attributes.TryGetValue(name, out var a) ? a.Value : null;

    /// <summary>The path an attribute is reported under.</summary>
    public string Path(string name) => _prefix + name;

    /// <summary>A string, or null when absent or null.</summary>
    public string? String(string name) => ScimValues.String(Node(name), Path(name));

    /// <summary>A boolean (also sent as the strings "true"/"false", as Entra ID does), or null when absent or null.</summary>
    public bool? Bool(string name) => ScimValues.Bool(Node(name), Path(name));

    /// <summary>A nested object, or null when absent or null.</summary>
    public ScimObject? Object(string name) => Node(name) switch
    {
        null => null,
        JsonObject o => new ScimObject(o, Path(name) + "."),
        _ => throw ScimException.InvalidValue($"'{Path(name)}' must be an object."),
    };

    /// <summary>The objects of a multi-valued attribute (a single object counts as a list of one), or null when absent.</summary>
    public List<ScimObject>? Objects(string name) => ScimValues.Objects(Node(name), Path(name));

    /// <summary>Refuses attributes outside <paramref name="known"/>: a misspelt attribute must not silently do nothing.</summary>
    public void RejectUnknown(IReadOnlySet<string> known)
    {
        foreach (var name in Names)
            if (!known.Contains(name)) throw ScimException.InvalidSyntax($"'{Path(name)}' is not an attribute Routero knows.");
    }
}

/// <summary>Typed reads of single SCIM values.</summary>
internal static class ScimValues
{
    /// <summary>A string, or null for null.</summary>
    public static string? String(JsonNode? node, string path)
    {
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String) throw ScimException.InvalidValue($"'{path}' must be a string.");
        var value = node.GetValue<string>();
        return value.Length <= ScimObject.MaxString ? value : throw ScimException.InvalidValue($"'{path}' is longer than {ScimObject.MaxString} characters.");
    }

    /// <summary>A boolean: JSON true/false, or the strings "true"/"false" in any case; null for null.</summary>
    public static bool? Bool(JsonNode? node, string path) => node?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(node.GetValue<string>().Trim(), out var b) => b,
        _ => throw ScimException.InvalidValue($"'{path}' must be true or false."),
    };

    /// <summary>A list of objects (one object reads as a list of one); null for null.</summary>
    public static List<ScimObject>? Objects(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonObject one => [new ScimObject(one, path + ".")],
        JsonArray many => [.. many.Select((item, i) => item is JsonObject o
            ? new ScimObject(o, $"{path}[{i}].")
            : throw ScimException.InvalidValue($"'{path}[{i}]' must be an object."))],
        _ => throw ScimException.InvalidValue($"'{path}' must be an array of objects."),
    };
}

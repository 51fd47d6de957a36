using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Budgets;
using Routero.Errors;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// Typed, validating reads of one JSON object of an admin request (the body, or an object nested in it).
/// Every failure is a 400 naming the offending field, prefixed with where the object sits
/// (<c>model_limits.gpt-4o.rpm_limit</c>). Present-but-null reads as null: "unset".
/// </summary>
internal class FieldReader
{
    private readonly string _prefix;

    /// <summary>Reads <paramref name="fields"/>, whose field names are reported after <paramref name="prefix"/>.</summary>
    public FieldReader(JsonObject fields, string prefix = "")
        => (Fields, _prefix) = (fields, prefix);

    /// <summary>The object read.</summary>
    public JsonObject Fields { get; }

    /// <summary>The name a field is reported under.</summary>
    public string Param(string name) => _prefix + name;

    /// <summary>A 400 naming a field.</summary>
    public ApiException Bad(string name, string message) => new(ApiError.BadRequest($"{Param(name)}: {message}", Param(name)));

    /// <summary>Refuses the first field not in <paramref name="allowed"/>: a typo must not silently do nothing.</summary>
    public void RejectUnknown(FrozenSet<string> allowed)
    {
        foreach (var (name, _) in Fields)
            if (!allowed.Contains(name)) throw Bad(name, "unknown field");
    }

    /// <summary>True when the field is present, even as null.</summary>
    public bool Has(string name) => Fields.ContainsKey(name);

    /// <summary>PATCH semantics: the field's value when present, else <paramref name="current"/>.</summary>
    public T Pick<T>(string name, Func<string, T> read, T current) => Has(name) ? read(name) : current;

    /// <summary>The raw node, null when absent or null.</summary>
    public JsonNode? Node(string name) => Fields[name];

    /// <summary>A string, or null.</summary>
    public string? String(string name)
    {
        var node = Node(name);
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String) throw Bad(name, "must be a string");
        var value = node.GetValue<string>();
        return value.Length <= 4096 ? value : throw Bad(name, "is too long");
    }

    /// <summary>A string that must be present and not blank.</summary>
    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : throw Bad(name, "is required");

    /// <summary>One of a fixed set of strings, or null.</summary>
    public string? OneOf(string name, IReadOnlyCollection<string> allowed) =>
        String(name) is not { } s ? null
        : allowed.Contains(s) ? s
        : throw Bad(name, $"must be one of {string.Join(", ", allowed)}");

    /// <summary>A boolean, or null.</summary>
    public bool? Bool(string name) => Node(name) switch
    {
        null => null,
        var n when n.GetValueKind() is JsonValueKind.True or JsonValueKind.False => n.GetValue<bool>(),
        _ => throw Bad(name, "must be true or false"),
    };

    /// <summary>An amount of dollars ≥ 0, or null.</summary>
    public decimal? Money(string name)
    {
        var value = Number<decimal>(name, "a number");
        return value is null or >= 0 ? value : throw Bad(name, "must not be negative");
    }

    /// <summary>An integer ≥ 1, or null.</summary>
    public int? PositiveInt(string name) => Number<int>(name, "a whole number") is not { } v ? null : v > 0 ? v : throw Bad(name, "must be at least 1");

    /// <summary>A long integer ≥ 1, or null.</summary>
    public long? PositiveLong(string name) => Number<long>(name, "a whole number") is not { } v ? null : v > 0 ? v : throw Bad(name, "must be at least 1");

    /// <summary>A duration (<c>30s</c>, <c>1h</c>, <c>1mo</c>), or null.</summary>
    public string? Duration(string name) =>
        String(name) is not { } s ? null
        : BudgetDuration.TryParse(s, out var d) ? d.ToString()
        : throw Bad(name, $"'{s}' is not a duration; use a whole number and s, m, h, d, w or mo (e.g. 30m, 1d, 1mo)");

    /// <summary>An array of strings, or null.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (Node(name) is not { } node) return null;
        if (node is not JsonArray array) throw Bad(name, "must be an array of strings");
        var list = new List<string>(array.Count);
        foreach (var item in array)
            list.Add(item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : throw Bad(name, "must be an array of strings"));
        return list;
    }

    /// <summary>A JSON object, or null.</summary>
    public JsonObject? Object(string name) => Node(name) switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Bad(name, "must be a JSON object"),
    };

    /// <summary>A JSON object kept as an element (metadata), or null.</summary>
    public JsonElement? Element(string name) =>
        Object(name) is { } o ? JsonSerializer.SerializeToElement(o, GrainContext.RecordJson) : null;

    /// <summary>A reader over a nested object, reporting its fields under <c>name.</c>.</summary>
    public FieldReader Nested(string name, JsonObject value) => new(value, Param(name) + ".");

    private T? Number<T>(string name, string what) where T : struct
    {
        var node = Node(name);
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.Number) throw Bad(name, $"must be {what}");
        return node.AsValue().TryGetValue<T>(out var value) ? value
            : throw Bad(name, $"must be {what} in range ({node.ToJsonString()} is not)");
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>
/// A list request's page (RFC 7644 §3.4.2.4): <c>startIndex</c> is 1-based (below 1 reads as 1), <c>count</c> is how
/// many to return (negative reads as 0, which answers only <c>totalResults</c>; above <see cref="MaxCount"/> reads as it).
/// </summary>
internal readonly record struct ScimPaging(int StartIndex, int Count)
{
    /// <summary>The most resources one answer holds (also the default <c>count</c>).</summary>
    public const int MaxCount = 100;

    /// <summary>Rows to skip.</summary>
    public int Offset => StartIndex - 1;

    /// <summary>Reads <c>startIndex</c> and <c>count</c>; a value that is not a whole number is a 400.</summary>
    public static ScimPaging Read(HttpRequest request)
    {
        var start = Int(request, "startIndex") ?? 1;
        var count = Int(request, "count") ?? MaxCount;
        return new ScimPaging(Math.Max(1, start), Math.Clamp(count, 0, MaxCount));
    }

    /// <summary>The page of an in-memory list of matches.</summary>
    public IEnumerable<T> Of<T>(IEnumerable<T> all) => all.Skip(Offset).Take(Count);

    /// <summary>A <c>ListResponse</c> of one page.</summary>
    public JsonObject ListResponse(long total, IReadOnlyCollection<JsonNode> resources) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
        ["totalResults"] = total,
        ["itemsPerPage"] = resources.Count,
        ["startIndex"] = StartIndex,
        ["Resources"] = new JsonArray([.. resources]),
    };

    private static int? Int(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return null;
        // A count too large for an int is still a count: the answer holds at most MaxCount anyway.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return (int)Math.Clamp(value, int.MinValue + 1L, int.MaxValue);
        throw ScimException.InvalidValue($"'{name}' must be a whole number, not '{text}'.");
    }
}

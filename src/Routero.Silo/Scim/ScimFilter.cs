using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>One comparison of a filter: <c>attribute eq value</c>.</summary>
/// <param name="Attribute">The attribute path without the core schema's URN (<c>userName</c>, <c>emails.value</c>).</param>
/// <param name="Value">The compared value (a string, a boolean, a number, or null).</param>
internal sealed record ScimClause(string Attribute, JsonNode? Value)
{
    /// <summary>Whether the clause compares <paramref name="attribute"/> (case-insensitively, as SCIM names are).</summary>
    public bool Is(string attribute) => Attribute.Equals(attribute, StringComparison.OrdinalIgnoreCase);

    /// <summary>The compared value as a string; a filter that compares a string attribute with anything else is a 400.</summary>
    public string StringValue(Func<string, ScimException> error) =>
        Value?.GetValueKind() == JsonValueKind.String ? Value.GetValue<string>() : throw error($"'{Attribute}' must be compared with a string.");
}

/// <summary>
/// The filters Routero supports (RFC 7644 §3.4.2.2): equality comparisons, <c>eq</c>, joined by <c>and</c>, which is
/// what Okta and Entra ID send (<c>userName eq "a@b.c"</c>). Operators and attribute names are case-insensitive.
/// Anything else is refused as the RFC asks, not guessed at.
/// </summary>
internal static class ScimFilter
{
    private static readonly HashSet<string> Operators = new(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses a <c>filter</c> query parameter; failures are 400 <c>invalidFilter</c>.</summary>
    public static IReadOnlyList<ScimClause> Parse(string text) => Parse(text, ScimException.InvalidFilter);

    /// <summary>The request's <c>filter</c> parameter, parsed; no clauses when it has none.</summary>
    public static IReadOnlyList<ScimClause> Read(HttpRequest request) =>
        request.Query["filter"].ToString() is { Length: > 0 } text ? Parse(text) : [];

    /// <summary>Parses a filter; failures are made by <paramref name="error"/> (PATCH paths report <c>invalidPath</c>).</summary>
    public static IReadOnlyList<ScimClause> Parse(string text, Func<string, ScimException> error)
    {
        var tokens = Tokenize(text, error);
        var clauses = new List<ScimClause>();
        var i = 0;
        while (true)
        {
            var attribute = i < tokens.Count ? tokens[i] : throw error($"Filter '{text}' is incomplete: expected 'attribute eq value'.");
            if (attribute.IsPunctuation || attribute.Text.Equals("not", StringComparison.OrdinalIgnoreCase)) throw error(Unsupported(text));
            if (attribute.IsString) throw error($"Filter '{text}': {attribute.Text} is not an attribute.");
            var op = i + 1 < tokens.Count ? tokens[i + 1] : throw error($"Filter '{text}' is incomplete: expected 'attribute eq value'.");
            if (op.IsPunctuation) throw error(Unsupported(text));
            if (op.IsString || !Operators.Contains(op.Text)) throw error($"Filter '{text}': '{op.Text}' is not a comparison operator.");
            if (!op.Text.Equals("eq", StringComparison.OrdinalIgnoreCase)) throw error($"Filter '{text}': only 'eq' is supported, not '{op.Text}'.");
            var value = i + 2 < tokens.Count ? tokens[i + 2] : throw error($"Filter '{text}' is incomplete: 'eq' needs a value.");
            clauses.Add(new ScimClause(ScimPaths.WithoutCoreUrn(attribute.Text), Value(value, text, error)));
            i += 3;
            if (i == tokens.Count) return clauses;
            if (tokens[i].IsString || !tokens[i].Text.Equals("and", StringComparison.OrdinalIgnoreCase)) throw error(Unsupported(text));
            i++;
        }
    }

    private static string Unsupported(string text) =>
        $"Filter '{text}' is not supported: Routero filters by 'attribute eq value' comparisons joined by 'and'.";

    private static JsonNode? Value(Token token, string text, Func<string, ScimException> error)
    {
        if (token.IsString) return JsonValue.Create(token.Text);
        if (token.Text is "true" or "false" or "null" || decimal.TryParse(token.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            return JsonNode.Parse(token.Text);
        throw error($"Filter '{text}': '{token.Text}' is not a value (strings are written in double quotes).");
    }

    private readonly record struct Token(string Text, bool IsString, bool IsPunctuation);

    private static List<Token> Tokenize(string text, Func<string, ScimException> error)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or '[' or ']') { tokens.Add(new Token(c.ToString(), false, true)); i++; continue; }
            if (c == '"') { tokens.Add(new Token(ReadString(text, ref i, error), true, false)); continue; }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '[' or ']' or '"')) i++;
            tokens.Add(new Token(text[start..i], false, false));
        }
        return tokens;
    }

    /// <summary>Reads a JSON string literal starting at <paramref name="i"/> (escapes included) and moves past it.</summary>
    private static string ReadString(string text, ref int i, Func<string, ScimException> error)
    {
        var start = i++;
        while (i < text.Length && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
        if (i >= text.Length) throw error($"Filter '{text}': a string is not closed.");
        i++;
        try
        {
            return JsonSerializer.Deserialize<string>(text.AsSpan(start, i - start)) ?? "";
        }
        catch (JsonException)
        {
            throw error($"Filter '{text}': {text[start..i]} is not a valid string.");
        }
    }
}

using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>What a PATCH operation does.</summary>
internal enum PatchOp
{
    /// <summary>Adds values (appends to multi-valued attributes).</summary>
    Add,
    /// <summary>Replaces values.</summary>
    Replace,
    /// <summary>Removes values.</summary>
    Remove,
}

/// <summary>One operation of a PATCH request.</summary>
/// <param name="Op">The operation.</param>
/// <param name="Path">Its target, or null for the whole resource (then <paramref name="Value"/> is an object of attributes).</param>
/// <param name="Value">Its value, or null.</param>
/// <param name="Where">How errors name the operation (<c>Operations[2]</c>).</param>
internal sealed record PatchOperation(PatchOp Op, ScimPath? Path, JsonNode? Value, string Where);

/// <summary>Reading a PATCH request (RFC 7644 §3.5.2) as Okta and Entra ID write it.</summary>
internal static class ScimPatch
{
    /// <summary>More operations than any provider sends in one request.</summary>
    public const int MaxOperations = 1000;

    private static readonly HashSet<string> BodyAttributes = new(["schemas", "Operations"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> OperationAttributes = new(["op", "path", "value"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The operations, in order. <c>op</c> is case-insensitive (Entra ID writes <c>Replace</c>, Okta <c>replace</c>).</summary>
    public static IReadOnlyList<PatchOperation> Read(ScimObject body)
    {
        body.RejectUnknown(BodyAttributes);
        RequireSchema(body, ScimSchemas.PatchOp);
        var operations = body.Objects("Operations") ?? throw ScimException.InvalidSyntax("'Operations' is required.");
        if (operations.Count == 0) throw ScimException.InvalidSyntax("'Operations' must not be empty.");
        if (operations.Count > MaxOperations) throw ScimException.InvalidSyntax($"'Operations' holds more than {MaxOperations} operations.");
        return [.. operations.Select((o, i) => ReadOne(o, $"Operations[{i}]"))];
    }

    private static PatchOperation ReadOne(ScimObject operation, string where)
    {
        operation.RejectUnknown(OperationAttributes);
        var op = operation.String("op")?.Trim().ToLowerInvariant() switch
        {
            "add" => PatchOp.Add,
            "replace" => PatchOp.Replace,
            "remove" => PatchOp.Remove,
            null => throw ScimException.InvalidSyntax($"'{where}.op' is required."),
            var other => throw ScimException.InvalidSyntax($"'{where}.op' must be add, replace or remove, not '{other}'."),
        };
        var pathText = operation.String("path");
        var path = string.IsNullOrWhiteSpace(pathText) ? null : ScimPaths.Parse(pathText);
        var value = operation.Node("value");
        if (op == PatchOp.Remove && path is null) throw ScimException.NoTarget($"'{where}': remove needs a path.");
        if (op != PatchOp.Remove && value is null) throw ScimException.InvalidValue($"'{where}': {op.ToString().ToLowerInvariant()} needs a value.");
        if (path is null && value is not JsonObject) throw ScimException.InvalidValue($"'{where}.value' must be an object of attributes when there is no path.");
        return new PatchOperation(op, path, value, where);
    }

    /// <summary>
    /// Refuses a body whose <c>schemas</c> lacks <paramref name="schema"/> (a Group posted to /Users, say). A body
    /// without <c>schemas</c> is taken for what its route expects.
    /// </summary>
    public static void RequireSchema(ScimObject body, string schema)
    {
        if (body.Node("schemas") is not { } node) return;
        if (node is not JsonArray array || array.Any(s => s?.GetValueKind() != System.Text.Json.JsonValueKind.String))
            throw ScimException.InvalidSyntax("'schemas' must be an array of schema URNs.");
        if (!array.Any(s => string.Equals(s!.GetValue<string>(), schema, StringComparison.OrdinalIgnoreCase)))
            throw ScimException.InvalidSyntax($"'schemas' must contain {schema}.");
    }
}

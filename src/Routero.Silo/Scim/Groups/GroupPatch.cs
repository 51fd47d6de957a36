using System.Text.Json.Nodes;

namespace Routero.Scim.Groups;

/// <summary>
/// Applies PATCH operations to a Group: Entra ID's <c>{"op":"Add","path":"members","value":[{"value":"id"}]}</c> and
/// <c>{"op":"Remove","path":"members","value":[...]}</c>, Okta's <c>{"op":"remove","path":"members[value eq "id"]"}</c>
/// and its rename <c>{"op":"replace","value":{"id":"...","displayName":"..."}}</c>.
/// </summary>
internal static class GroupPatch
{
    private static readonly HashSet<string> ReadOnly = new(["id", "meta", "schemas"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The attributes after every operation, validated as a whole.</summary>
    public static GroupAttributes Apply(GroupAttributes group, IReadOnlyList<PatchOperation> operations)
    {
        foreach (var operation in operations)
        {
            if (operation.Path is { } path)
            {
                group = ApplyPath(group, operation.Op, path, operation.Value, operation.Where);
                continue;
            }
            var value = new ScimObject((JsonObject)operation.Value!, operation.Where + ".value.");
            foreach (var name in value.Names.Where(n => !ReadOnly.Contains(n)))
                group = ApplyPath(group, operation.Op, ScimPaths.Parse(name), value.Node(name), operation.Where);
        }
        return group.Validated();
    }

    private static GroupAttributes ApplyPath(GroupAttributes group, PatchOp op, ScimPath path, JsonNode? value, string where)
    {
        if (path.IsExtension) return group;
        var label = $"{where} ({path.Text})";
        if (path.SubAttribute is not null || (path.Filter is not null && !path.Is("members")))
            throw ScimException.InvalidPath($"{label}: only members[value eq \"id\"] may be narrowed by a filter.");
        return path.Attribute.ToLowerInvariant() switch
        {
            "displayname" => op == PatchOp.Remove
                ? throw ScimException.InvalidValue($"{label}: displayName is required and cannot be removed.")
                : group with { DisplayName = ScimValues.String(value, label) ?? "" },
            "externalid" => group with { ExternalId = op == PatchOp.Remove ? null : ScimValues.String(value, label) },
            "members" => group with { Members = PatchMembers(group.Members, op, path, value, label) },
            "id" or "meta" or "schemas" => throw ScimException.Mutability($"{label}: {path.Attribute} is read-only."),
            _ => throw ScimException.InvalidPath($"{label}: '{path.Attribute}' is not a Group attribute."),
        };
    }

    private static IReadOnlyList<string> PatchMembers(IReadOnlyList<string> members, PatchOp op, ScimPath path, JsonNode? value, string label)
    {
        if (path.Filter is { } filter)
        {
            if (op != PatchOp.Remove) throw ScimException.InvalidPath($"{label}: a filtered members path can only be removed.");
            var ids = filter.Select(c => c.Is("value")
                ? c.StringValue(m => ScimException.InvalidPath($"{label}: {m}"))
                : throw ScimException.InvalidPath($"{label}: members are selected by value, not '{c.Attribute}'.")).ToHashSet(StringComparer.Ordinal);
            // Clauses joined by and select a member whose value equals every one of them.
            return ids.Count == 1 ? [.. members.Where(m => !ids.Contains(m))] : members;
        }
        var given = GroupAttributes.ReadMembers(value, label);
        return op switch
        {
            PatchOp.Replace => given ?? [],
            PatchOp.Add => [.. members, .. given!.Where(id => !members.Contains(id, StringComparer.Ordinal))],
            // Remove without a value empties the group; with one, removes those members (Entra ID's way).
            _ when given is null => [],
            _ => [.. members.Where(m => !given.Contains(m, StringComparer.Ordinal))],
        };
    }
}

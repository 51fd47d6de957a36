using System.Text.Json.Nodes;

namespace Routero.Scim.Groups;

/// <summary>
/// The Group attributes Routero keeps (RFC 7643 §4.2): <c>displayName</c> (the team's alias), <c>externalId</c> and
/// <c>members</c> (the team's SCIM-provisioned members, by user id).
/// </summary>
internal sealed record GroupAttributes(string DisplayName, string? ExternalId, IReadOnlyList<string> Members)
{
    /// <summary>The longest <c>displayName</c> accepted.</summary>
    public const int MaxDisplayName = 256;

    /// <summary>At most this many members per request (a larger group is sent in several PATCHes, as Entra ID does).</summary>
    public const int MaxMembers = 10_000;

    private static readonly HashSet<string> Known = new(["schemas", "id", "externalId", "meta", "displayName", "members"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> MemberFields = new(["value", "display", "$ref", "type"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a Group resource of a POST or PUT.</summary>
    public static GroupAttributes Read(ScimObject body)
    {
        ScimPatch.RequireSchema(body, ScimSchemas.Group);
        foreach (var name in body.Names)
            if (!Known.Contains(name) && !name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
                throw ScimException.InvalidSyntax($"'{name}' is not a Group attribute.");
        return new GroupAttributes(body.String("displayName") ?? "", body.String("externalId"), ReadMembers(body.Node("members"), "members") ?? []).Validated();
    }

    /// <summary>The user ids of a <c>members</c> value (<c>[{"value": "id"}]</c>, or one such object); null for null.</summary>
    public static IReadOnlyList<string>? ReadMembers(JsonNode? node, string path)
    {
        if (ScimValues.Objects(node, path) is not { } members) return null;
        if (members.Count > MaxMembers) throw ScimException.InvalidValue($"'{path}' holds more than {MaxMembers} members.");
        return [.. members.Select((m, i) =>
        {
            m.RejectUnknown(MemberFields);
            return m.String("value") is { Length: > 0 } id ? id : throw ScimException.InvalidValue($"'{path}[{i}].value' is required: the member's user id.");
        }).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Refuses what no Group may be: a blank or overlong <c>displayName</c>.</summary>
    public GroupAttributes Validated()
    {
        if (string.IsNullOrWhiteSpace(DisplayName)) throw ScimException.InvalidValue("'displayName' is required.");
        if (DisplayName.Length > MaxDisplayName) throw ScimException.InvalidValue($"'displayName' is longer than {MaxDisplayName} characters.");
        return this with { Members = [.. Members.Distinct(StringComparer.Ordinal)] };
    }
}

using System.Text.Json.Nodes;
using Routero.Provisioning;

namespace Routero.Scim.Users;

/// <summary>
/// Applies PATCH operations to a User's attributes, in order, as RFC 7644 §3.5.2 describes and as Okta and Entra ID
/// use it: with a path (<c>active</c>, <c>name.givenName</c>, <c>emails[type eq "work"].value</c>) or without one
/// (a value object of attributes, whose keys may themselves be paths, as Entra ID writes them).
/// </summary>
internal static class UserPatch
{
    private static readonly HashSet<string> ReadOnly = new(["id", "meta", "schemas"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The attributes after every operation; the result is validated as a whole.</summary>
    public static UserAttributes Apply(UserAttributes user, IReadOnlyList<PatchOperation> operations)
    {
        foreach (var operation in operations) user = Apply(user, operation);
        return user.Validated();
    }

    private static UserAttributes Apply(UserAttributes user, PatchOperation operation)
    {
        if (operation.Path is { } path) return ApplyPath(user, operation.Op, path, operation.Value, operation.Where);
        var value = new ScimObject((JsonObject)operation.Value!, operation.Where + ".value.");
        foreach (var name in value.Names)
        {
            // Okta sends the whole resource back, id and all; read-only attributes in a value object are ignored (RFC 7644 §3.5.2).
            if (ReadOnly.Contains(name)) continue;
            user = ApplyPath(user, operation.Op, ScimPaths.Parse(name), value.Node(name), operation.Where);
        }
        return user;
    }

    private static UserAttributes ApplyPath(UserAttributes user, PatchOp op, ScimPath path, JsonNode? value, string where)
    {
        if (path.IsExtension || UserAttributes.Ignored.Contains(path.Attribute)) return user;
        var label = $"{where} ({path.Text})";
        if (!path.Is("emails") && !path.Is("name") && (path.Filter is not null || path.SubAttribute is not null))
            throw ScimException.InvalidPath($"{label}: '{path.Attribute}' has no sub-attributes or values to filter.");
        return path.Attribute.ToLowerInvariant() switch
        {
            "username" => op == PatchOp.Remove
                ? throw ScimException.InvalidValue($"{label}: userName is required and cannot be removed.")
                : user with { UserName = ScimValues.String(value, label) ?? "" },
            "displayname" => user with { DisplayName = op == PatchOp.Remove ? null : ScimValues.String(value, label) },
            "externalid" => user with { ExternalId = op == PatchOp.Remove ? null : ScimValues.String(value, label) },
            "active" => op == PatchOp.Remove
                ? throw ScimException.InvalidValue($"{label}: active cannot be removed; replace it with true or false.")
                : user with { Active = ScimValues.Bool(value, label) ?? throw ScimException.InvalidValue($"{label}: active must be true or false.") },
            "name" => user with { Name = PatchName(user.Name, op, path, value, label) },
            "emails" => user with { Emails = EmailPatch.Apply(user.Emails, op, path, value, label) },
            "groups" => throw ScimException.Mutability($"{label}: groups is read-only; change memberships through /Groups."),
            "id" or "meta" or "schemas" => throw ScimException.Mutability($"{label}: {path.Attribute} is read-only."),
            _ => throw ScimException.InvalidPath($"{label}: '{path.Attribute}' is not a User attribute."),
        };
    }

    private static ScimName? PatchName(ScimName? name, PatchOp op, ScimPath path, JsonNode? value, string label)
    {
        if (path.Filter is not null) throw ScimException.InvalidPath($"{label}: name is not multi-valued.");
        if (path.SubAttribute is { } sub)
            return UserValues.WithNamePart(name ?? new ScimName(), sub, op == PatchOp.Remove ? null : ScimValues.String(value, label));
        if (op == PatchOp.Remove) return null;
        return value is JsonObject o ? UserValues.MergeName(name, new ScimObject(o, "name.")) : throw ScimException.InvalidValue($"{label}: name must be an object.");
    }
}

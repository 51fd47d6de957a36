using System.Text.Json.Nodes;

namespace Routero.Scim.Discovery;

/// <summary>
/// The User and Group schemas (RFC 7643 §7) as Routero supports them: only the attributes it stores, so that a
/// provider reading them maps nothing into the void. Common attributes (<c>id</c>, <c>externalId</c>, <c>meta</c>)
/// are not listed, as the RFC asks.
/// </summary>
internal static class ScimSchemaDocuments
{
    /// <summary>Both schemas.</summary>
    public static IReadOnlyList<JsonObject> All(ScimContext scim) => [User(scim), Group(scim)];

    private static JsonObject User(ScimContext scim) => Schema(scim, ScimSchemas.User, "User", "A Routero internal user, as an organization's identity provider provisions it.",
        Attr("userName", "string", "Unique within the organization, compared case-insensitively.", required: true, uniqueness: "server"),
        Complex("name", "The user's name.", multiValued: false, mutability: "readWrite",
            Attr("formatted", "string", "The full name."), Attr("familyName", "string", "The family name."),
            Attr("givenName", "string", "The given name."), Attr("middleName", "string", "The middle name."),
            Attr("honorificPrefix", "string", "A prefix (Ms.)."), Attr("honorificSuffix", "string", "A suffix (III).")),
        Attr("displayName", "string", "The name shown; Routero's user_alias."),
        Complex("emails", "E-mail addresses; the primary one is Routero's user_email.", multiValued: true, mutability: "readWrite",
            Attr("value", "string", "The address."), Attr("display", "string", "A label."),
            Attr("type", "string", "work, home or other.", canonical: ["work", "home", "other"]),
            Attr("primary", "boolean", "The address Routero uses.")),
        Attr("active", "boolean", "False deprovisions the user: all their keys in the organization are refused."),
        Complex("groups", "The organization's teams the user belongs to; change them through /Groups.", multiValued: true, mutability: "readOnly",
            Attr("value", "string", "The team id.", mutability: "readOnly"),
            Attr("$ref", "reference", "The group's URI.", mutability: "readOnly", referenceTypes: ["Group"]),
            Attr("display", "string", "The team's alias.", mutability: "readOnly"),
            Attr("type", "string", "Always direct.", mutability: "readOnly", canonical: ["direct"])));

    private static JsonObject Group(ScimContext scim) => Schema(scim, ScimSchemas.Group, "Group", "A Routero team of the organization.",
        Attr("displayName", "string", "The team's alias, unique within the organization.", required: true, uniqueness: "server"),
        Complex("members", "The team's members that the provider provisioned.", multiValued: true, mutability: "readWrite",
            Attr("value", "string", "The user id.", mutability: "immutable"),
            Attr("$ref", "reference", "The user's URI.", mutability: "immutable", referenceTypes: ["User"]),
            Attr("display", "string", "The user's userName.", mutability: "readOnly"),
            Attr("type", "string", "Always User.", mutability: "immutable", canonical: ["User"])));

    private static JsonObject Schema(ScimContext scim, string id, string name, string description, params JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.Schema),
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
        ["attributes"] = new JsonArray(attributes),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = scim.Location("Schemas", id) },
    };

    private static JsonObject Attr(string name, string type, string description, bool required = false, string mutability = "readWrite",
        string uniqueness = "none", string[]? canonical = null, string[]? referenceTypes = null)
    {
        var attribute = new JsonObject
        {
            ["name"] = name, ["type"] = type, ["multiValued"] = false, ["description"] = description, ["required"] = required,
            ["caseExact"] = false, ["mutability"] = mutability, ["returned"] = "default", ["uniqueness"] = uniqueness,
        };
        if (canonical is not null) attribute["canonicalValues"] = new JsonArray([.. canonical.Select(c => (JsonNode)c)]);
        if (referenceTypes is not null) attribute["referenceTypes"] = new JsonArray([.. referenceTypes.Select(c => (JsonNode)c)]);
        return attribute;
    }

    private static JsonObject Complex(string name, string description, bool multiValued, string mutability, params JsonObject[] subAttributes)
    {
        var attribute = Attr(name, "complex", description, mutability: mutability);
        attribute["multiValued"] = multiValued;
        attribute["subAttributes"] = new JsonArray(subAttributes);
        return attribute;
    }
}

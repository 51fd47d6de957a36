using System.Text.Json.Nodes;
using Routero.Provisioning;
using Routero.Tenancy;

namespace Routero.Scim.Users;

/// <summary>A SCIM user as a User resource.</summary>
internal static class ScimUserJson
{
    /// <summary>The resource. <paramref name="groups"/> are the organization's teams the user belongs to (read-only).</summary>
    public static JsonObject Write(ScimContext scim, ScimUserRecord user, IEnumerable<TeamRecord> groups)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.User),
            ["id"] = user.UserId,
        };
        if (user.ExternalId is not null) resource["externalId"] = user.ExternalId;
        resource["userName"] = user.UserName;
        if (Name(user.Name) is { } name) resource["name"] = name;
        if (user.DisplayName is not null) resource["displayName"] = user.DisplayName;
        if (user.Emails.Count > 0) resource["emails"] = new JsonArray([.. user.Emails.Select(Email)]);
        resource["active"] = user.Active;
        resource["groups"] = new JsonArray([.. groups.OrderBy(t => t.TeamAlias, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject
        {
            ["value"] = t.TeamId,
            ["$ref"] = scim.Location("Groups", t.TeamId),
            ["display"] = t.TeamAlias,
            ["type"] = "direct",
        })]);
        resource["meta"] = ScimMeta.Of(scim, "User", "Users", user.UserId, user.CreatedAt, user.UpdatedAt);
        return resource;
    }

    private static JsonObject? Name(ScimName? name)
    {
        if (name is null) return null;
        var o = new JsonObject();
        void Add(string key, string? value) { if (value is not null) o[key] = value; }
        Add("formatted", name.Formatted);
        Add("familyName", name.FamilyName);
        Add("givenName", name.GivenName);
        Add("middleName", name.MiddleName);
        Add("honorificPrefix", name.HonorificPrefix);
        Add("honorificSuffix", name.HonorificSuffix);
        return o.Count > 0 ? o : null;
    }

    private static JsonNode Email(ScimEmail email)
    {
        var o = new JsonObject { ["value"] = email.Value };
        if (email.Type is not null) o["type"] = email.Type;
        o["primary"] = email.Primary;
        if (email.Display is not null) o["display"] = email.Display;
        return o;
    }
}

using System.Text.Json.Nodes;
using Routero.Provisioning;
using Routero.Tenancy;

namespace Routero.Scim.Groups;

/// <summary>A team as a Group resource.</summary>
internal static class ScimGroupJson
{
    /// <summary>The resource; <paramref name="members"/> null leaves <c>members</c> out (<c>excludedAttributes=members</c>).</summary>
    public static JsonObject Write(ScimContext scim, TeamRecord team, IEnumerable<ScimUserRecord>? members)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Group),
            ["id"] = team.TeamId,
        };
        if (team.ExternalId is not null) resource["externalId"] = team.ExternalId;
        resource["displayName"] = team.TeamAlias ?? team.TeamId;
        if (members is not null)
            resource["members"] = new JsonArray([.. members.OrderBy(m => m.UserName, StringComparer.OrdinalIgnoreCase).Select(m => (JsonNode)new JsonObject
            {
                ["value"] = m.UserId,
                ["$ref"] = scim.Location("Users", m.UserId),
                ["display"] = m.UserName,
                ["type"] = "User",
            })]);
        resource["meta"] = ScimMeta.Of(scim, "Group", "Groups", team.TeamId, team.CreatedAt, team.UpdatedAt);
        return resource;
    }
}

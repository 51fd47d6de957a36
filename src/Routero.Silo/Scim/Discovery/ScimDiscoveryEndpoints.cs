using System.Text.Json.Nodes;
using Routero.Access;

namespace Routero.Scim.Discovery;

/// <summary>
/// The discovery documents (RFC 7644 §4): <c>/ServiceProviderConfig</c>, <c>/ResourceTypes</c>, <c>/Schemas</c>. They
/// say what Routero supports and nothing more: PATCH yes; bulk, sorting, ETags and password changes no; filters of
/// <c>eq</c> comparisons, at most <see cref="ScimPaging.MaxCount"/> results a page; the organization's bearer token.
/// </summary>
internal static class ScimDiscoveryEndpoints
{
    /// <summary>Maps the discovery routes.</summary>
    public static void MapScimDiscovery(this IEndpointRouteBuilder scim)
    {
        scim.MapGet("/ServiceProviderConfig", (HttpContext http) => ScimResults.Ok(ServiceProviderConfig(ScimContext.Of(http)))).Requires(AdminPermission.OrganizationRead);
        scim.MapGet("/ResourceTypes", (HttpContext http) => List(http, ResourceTypes(ScimContext.Of(http)))).Requires(AdminPermission.OrganizationRead);
        scim.MapGet("/ResourceTypes/{id}", (HttpContext http, string id) => One(ResourceTypes(ScimContext.Of(http)), id, "ResourceType")).Requires(AdminPermission.OrganizationRead);
        scim.MapGet("/Schemas", (HttpContext http) => List(http, ScimSchemaDocuments.All(ScimContext.Of(http)))).Requires(AdminPermission.OrganizationRead);
        scim.MapGet("/Schemas/{id}", (HttpContext http, string id) => One(ScimSchemaDocuments.All(ScimContext.Of(http)), id, "Schema")).Requires(AdminPermission.OrganizationRead);
    }

    private static JsonObject ServiceProviderConfig(ScimContext scim) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ServiceProviderConfig),
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimPaging.MaxCount },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = false },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = "The organization's SCIM token (minted with POST /organization/scim_token), sent as 'Authorization: Bearer <token>'.",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = scim.BaseUrl + "/ServiceProviderConfig" },
    };

    private static IReadOnlyList<JsonObject> ResourceTypes(ScimContext scim) =>
    [
        ResourceType(scim, "User", "/Users", "Internal users of the organization.", ScimSchemas.User),
        ResourceType(scim, "Group", "/Groups", "Teams of the organization.", ScimSchemas.Group),
    ];

    // No schema extensions: Routero stores none (the enterprise extension is accepted in requests and not kept).
    private static JsonObject ResourceType(ScimContext scim, string id, string endpoint, string description, string schema) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ResourceType),
        ["id"] = id,
        ["name"] = id,
        ["endpoint"] = endpoint,
        ["description"] = description,
        ["schema"] = schema,
        ["schemaExtensions"] = new JsonArray(),
        ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = scim.Location("ResourceTypes", id) },
    };

    private static IResult List(HttpContext http, IReadOnlyList<JsonObject> all)
    {
        var paging = ScimPaging.Read(http.Request);
        return ScimResults.Ok(paging.ListResponse(all.Count, [.. paging.Of(all)]));
    }

    private static IResult One(IReadOnlyList<JsonObject> all, string id, string what) =>
        all.FirstOrDefault(d => string.Equals(d["id"]!.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase)) is { } found
            ? ScimResults.Ok(found)
            : ScimResults.Error(ScimException.NotFound($"{what} '{id}' not found."));
}

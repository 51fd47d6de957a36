using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Provisioning;

namespace Routero.Scim.Users;

/// <summary><c>/scim/v2/Users</c> (RFC 7644 §3): list with filter and paging, create, read, replace, patch, delete.</summary>
internal static class ScimUserEndpoints
{
    /// <summary>Maps the User routes.</summary>
    public static void MapScimUsers(this IEndpointRouteBuilder scim)
    {
        scim.MapGet("/Users", (Delegate)ListAsync).Requires(AdminPermission.UserRead);
        scim.MapPost("/Users", (Delegate)CreateAsync).Requires(AdminPermission.UserManage);
        scim.MapGet("/Users/{id}", GetAsync).Requires(AdminPermission.UserRead);
        scim.MapPut("/Users/{id}", ReplaceAsync).Requires(AdminPermission.UserManage);
        scim.MapPatch("/Users/{id}", PatchAsync).Requires(AdminPermission.UserManage);
        scim.MapDelete("/Users/{id}", DeleteAsync).Requires(AdminPermission.UserManage);
    }

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var scim = ScimContext.Of(http);
        var paging = ScimPaging.Read(http.Request);
        var filter = ScimFilter.Read(http.Request);
        var projection = ScimProjection.Read(http.Request);
        var (page, total) = await ScimUserQueries.ListAsync(scim, filter, paging);
        var resources = new List<JsonNode>(page.Count);
        foreach (var user in page) resources.Add(await RenderAsync(scim, user, projection));
        return ScimResults.Ok(paging.ListResponse(total, resources));
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var scim = ScimContext.Of(http);
        var attributes = UserAttributes.Read(await ScimBody.ReadAsync(http.Request));
        var created = await ScimUserWrites.CreateAsync(scim, attributes);
        return ScimResults.Created(await RenderAsync(scim, created, ScimProjection.Read(http.Request)));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var user = await ScimUserQueries.GetAsync(scim, id);
        return ScimResults.Ok(await RenderAsync(scim, user.Record, ScimProjection.Read(http.Request)));
    }

    /// <summary>PUT replaces every attribute Routero keeps; an <c>id</c> in the body is ignored (the path names the user).</summary>
    private static async Task<IResult> ReplaceAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var attributes = UserAttributes.Read(await ScimBody.ReadAsync(http.Request));
        var replaced = await ScimUserWrites.ReplaceAsync(scim, id, _ => attributes);
        return ScimResults.Ok(await RenderAsync(scim, replaced, ScimProjection.Read(http.Request)));
    }

    /// <summary>PATCH answers 200 with the resource (RFC 7644 allows 204; both Okta and Entra ID read either).</summary>
    private static async Task<IResult> PatchAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var operations = ScimPatch.Read(await ScimBody.ReadAsync(http.Request));
        var patched = await ScimUserWrites.ReplaceAsync(scim, id, current => UserPatch.Apply(UserAttributes.Of(current), operations));
        return ScimResults.Ok(await RenderAsync(scim, patched, ScimProjection.Read(http.Request)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id)
    {
        await ScimUserWrites.DeleteAsync(ScimContext.Of(http), id);
        return ScimResults.NoContent();
    }

    private static async Task<JsonObject> RenderAsync(ScimContext scim, ScimUserRecord user, ScimProjection projection)
    {
        var groups = projection.Shows("groups") ? await ScimUserQueries.GroupsOfAsync(scim, user.UserId) : [];
        return projection.Apply(ScimUserJson.Write(scim, user, groups));
    }
}

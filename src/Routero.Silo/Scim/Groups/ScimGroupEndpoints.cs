using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Tenancy;

namespace Routero.Scim.Groups;

/// <summary><c>/scim/v2/Groups</c>: the organization's teams as SCIM groups, their SCIM members as memberships.</summary>
internal static class ScimGroupEndpoints
{
    /// <summary>Maps the Group routes.</summary>
    public static void MapScimGroups(this IEndpointRouteBuilder scim)
    {
        scim.MapGet("/Groups", (Delegate)ListAsync).Requires(AdminPermission.TeamRead);
        scim.MapPost("/Groups", (Delegate)CreateAsync).Requires(AdminPermission.TeamManage);
        scim.MapGet("/Groups/{id}", GetAsync).Requires(AdminPermission.TeamRead);
        scim.MapPut("/Groups/{id}", ReplaceAsync).Requires(AdminPermission.TeamManage);
        scim.MapPatch("/Groups/{id}", PatchAsync).Requires(AdminPermission.TeamManage);
        scim.MapDelete("/Groups/{id}", DeleteAsync).Requires(AdminPermission.TeamManage);
    }

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var scim = ScimContext.Of(http);
        var paging = ScimPaging.Read(http.Request);
        var filter = ScimFilter.Read(http.Request);
        var projection = ScimProjection.Read(http.Request);
        var (page, total) = await ScimGroupQueries.ListAsync(scim, filter, paging);
        var resources = new List<JsonNode>(page.Count);
        foreach (var team in page) resources.Add(await RenderAsync(scim, team, projection));
        return ScimResults.Ok(paging.ListResponse(total, resources));
    }

    private static async Task<IResult> CreateAsync(HttpContext http)
    {
        var scim = ScimContext.Of(http);
        var group = GroupAttributes.Read(await ScimBody.ReadAsync(http.Request));
        var team = await ScimGroupWrites.CreateAsync(scim, group);
        return ScimResults.Created(await RenderAsync(scim, team, ScimProjection.Read(http.Request)));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var team = await ScimGroupQueries.GetAsync(scim, id);
        return ScimResults.Ok(await RenderAsync(scim, team.Record, ScimProjection.Read(http.Request)));
    }

    /// <summary>PUT replaces the name, externalId and the SCIM members; members an admin added stay.</summary>
    private static async Task<IResult> ReplaceAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var group = GroupAttributes.Read(await ScimBody.ReadAsync(http.Request));
        var team = await ScimGroupWrites.ReplaceAsync(scim, id, _ => group);
        return ScimResults.Ok(await RenderAsync(scim, team, ScimProjection.Read(http.Request)));
    }

    private static async Task<IResult> PatchAsync(HttpContext http, string id)
    {
        var scim = ScimContext.Of(http);
        var operations = ScimPatch.Read(await ScimBody.ReadAsync(http.Request));
        var team = await ScimGroupWrites.ReplaceAsync(scim, id, current => GroupPatch.Apply(current, operations));
        return ScimResults.Ok(await RenderAsync(scim, team, ScimProjection.Read(http.Request)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id)
    {
        await ScimGroupWrites.DeleteAsync(ScimContext.Of(http), id);
        return ScimResults.NoContent();
    }

    private static async Task<JsonObject> RenderAsync(ScimContext scim, TeamRecord team, ScimProjection projection)
    {
        var members = projection.Shows("members") ? (await ScimGroupQueries.MembersAsync(scim, team.TeamId)).Values.Select(m => m.Record) : null;
        return projection.Apply(ScimGroupJson.Write(scim, team, members));
    }
}

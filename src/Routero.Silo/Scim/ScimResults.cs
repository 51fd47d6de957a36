using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>SCIM answers: JSON bodies served as <c>application/scim+json</c>.</summary>
internal static class ScimResults
{
    // Attribute values (names, addresses) are shown as sent; the body is JSON, never HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A 200 answer.</summary>
    public static IResult Ok(JsonNode body) => Body(body, StatusCodes.Status200OK);

    /// <summary>A 201 answer for a created resource, with its <c>Location</c>.</summary>
    public static IResult Created(JsonObject resource) =>
        new ScimResult(resource, StatusCodes.Status201Created, resource["meta"]?["location"]?.GetValue<string>());

    /// <summary>A 204 answer (a deleted resource).</summary>
    public static IResult NoContent() => Results.StatusCode(StatusCodes.Status204NoContent);

    /// <summary>The error answer of <paramref name="error"/>.</summary>
    public static IResult Error(ScimException error) => Body(error.Body(), error.Status);

    private static IResult Body(JsonNode body, int status) => new ScimResult(body, status, null);

    private sealed class ScimResult(JsonNode body, int status, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = ScimSchemas.MediaType + "; charset=utf-8";
            if (location is not null) response.Headers.Location = location;
            if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
            return response.WriteAsync(body.ToJsonString(Json), httpContext.RequestAborted);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Routero.Scim;

/// <summary>Reads a SCIM request body: <c>application/scim+json</c> (or <c>application/json</c>), one JSON object.</summary>
internal static class ScimBody
{
    /// <summary>SCIM bodies are one resource or one PATCH; the silo lifts Kestrel's limit for the relay, so SCIM sets its own.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The body as an object whose attribute names are matched case-insensitively.</summary>
    public static async Task<ScimObject> ReadAsync(HttpRequest request)
    {
        RequireJsonContentType(request);
        if (request.ContentLength > MaxBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        JsonNode? node;
        try
        {
            node = buffer.Length == 0 ? null : JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw ScimException.InvalidSyntax($"The body is not valid JSON: {e.Message}");
        }
        return node is JsonObject body ? new ScimObject(body, "") : throw ScimException.InvalidSyntax("The body must be a JSON object.");
    }

    private static void RequireJsonContentType(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType)) return;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals(ScimSchemas.MediaType, StringComparison.OrdinalIgnoreCase)
                || type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            return;
        throw new ScimException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported; send {ScimSchemas.MediaType}.");
    }

    private static ScimException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body must not exceed {MaxBytes} bytes.");
}

using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Errors;

namespace Routero.Admin;

/// <summary>An admin request's JSON body, read as one object whose fields are all known to the route.</summary>
internal sealed class AdminRequest : FieldReader
{
    /// <summary>Admin bodies are small; the silo lifts Kestrel's limit for the relay, so the facade sets its own.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private AdminRequest(HttpContext http, JsonObject body) : base(body) => Http = http;

    /// <summary>The HTTP exchange.</summary>
    public HttpContext Http { get; }

    /// <summary>
    /// Reads the body as a JSON object and refuses fields not in <paramref name="allowed"/>.
    /// With <paramref name="optional"/>, an empty body reads as <c>{}</c>.
    /// </summary>
    public static async Task<AdminRequest> ReadAsync(HttpContext http, FrozenSet<string> allowed, bool optional = false)
    {
        var bytes = await ReadBytesAsync(http.Request);
        if (bytes.Length == 0 && optional) return new AdminRequest(http, []);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            node = null;
        }
        if (node is not JsonObject body) throw new ApiException(ApiError.BadRequest("body must be a JSON object"));
        if (JsonDuplicates.Find(bytes) is { } duplicate)
            throw new ApiException(ApiError.BadRequest($"{duplicate}: is given more than once", duplicate));
        var request = new AdminRequest(http, body);
        request.RejectUnknown(allowed);
        return request;
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ApiException TooLarge() => new(ApiError.BadRequest($"body must not exceed {MaxBodyBytes} bytes"));
}

/// <summary>Sets of field names a route accepts.</summary>
internal static class Fields
{
    /// <summary>The union of the given names.</summary>
    public static FrozenSet<string> Of(params IEnumerable<string>[] groups) =>
        groups.SelectMany(g => g).ToFrozenSet(StringComparer.Ordinal);
}

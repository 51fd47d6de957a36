using System.Text.Json;

namespace Routero.Errors;

/// <summary>
/// An error answer in OpenAI's shape, <c>{"error":{"message","type","param","code"}}</c>, which every
/// OpenAI SDK parses. Used by the relay and the admin facade alike.
/// </summary>
public sealed record ApiError(int Status, string Message, string Type, string? Code = null, string? Param = null)
{
    /// <summary>Seconds the client should wait before retrying (429).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Tells SDKs not to retry (<c>x-should-retry: false</c>): retrying cannot help.</summary>
    public bool NoRetry { get; init; }

    /// <summary>400 with the offending parameter.</summary>
    public static ApiError BadRequest(string message, string? param = null) => new(400, message, "invalid_request_error", "invalid_request_error", param);

    /// <summary>401.</summary>
    public static ApiError Unauthorized(string message) => new(401, message, "authentication_error", "invalid_api_key");

    /// <summary>403.</summary>
    public static ApiError Forbidden(string message, string code = "permission_denied", string? param = null) => new(403, message, "permission_error", code, param);

    /// <summary>404 for an unknown object.</summary>
    public static ApiError NotFound(string message, string? param = null) => new(404, message, "not_found_error", "not_found", param);

    /// <summary>409 for a duplicate.</summary>
    public static ApiError Conflict(string message, string? param = null) => new(409, message, "conflict_error", "duplicate", param);

    // Messages quote names ('team-a'); the relaxed encoder keeps them readable. The body is JSON, never HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the error as the response (status, headers, body).</summary>
    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (RetryAfterSeconds is { } s) response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (NoRetry) response.Headers["x-should-retry"] = "false";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", Message);
            writer.WriteString("type", Type);
            if (Param is null) writer.WriteNull("param"); else writer.WriteString("param", Param);
            if (Code is null) writer.WriteNull("code"); else writer.WriteString("code", Code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return response.BodyWriter.FlushAsync().AsTask();
    }
}

/// <summary>An expected failure carried out of a handler as an exception only on the admin path (never the hot path).</summary>
public sealed class ApiException(ApiError error) : Exception(error.Message)
{
    /// <summary>The error to answer with.</summary>
    public ApiError Error { get; } = error;
}

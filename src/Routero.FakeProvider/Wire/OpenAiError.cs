namespace Routero.FakeProvider.Wire;

/// <summary>An error answer in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal readonly record struct OpenAiError(int StatusCode, string Message, string Type, string? Param, string? Code)
{
    public static OpenAiError InvalidRequest(string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, null);

    public static OpenAiError InvalidApiKey() =>
        new(StatusCodes.Status401Unauthorized, "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");

    public static OpenAiError NotFound(string method, string path) =>
        new(StatusCodes.Status404NotFound, $"Invalid URL ({method} {path})", "invalid_request_error", null, null);

    /// <summary>The error a real upstream would send with <paramref name="statusCode"/>.</summary>
    public static OpenAiError ForStatus(int statusCode) => statusCode switch
    {
        401 => InvalidApiKey(),
        403 => new(statusCode, "You are not allowed to sample from this model.", "permission_error", null, null),
        404 => new(statusCode, "The model does not exist or you do not have access to it.", "invalid_request_error", "model", "model_not_found"),
        429 => new(statusCode, "Rate limit reached for requests. Please try again in 1s.", "requests", null, "rate_limit_exceeded"),
        500 => new(statusCode, "The server had an error while processing your request. Sorry about that!", "server_error", null, null),
        503 => new(statusCode, "The server is overloaded or not ready yet.", "server_error", null, "service_unavailable"),
        >= 500 => new(statusCode, $"Upstream failed with status {statusCode}.", "server_error", null, null),
        _ => new(statusCode, $"Request refused with status {statusCode}.", "invalid_request_error", null, null),
    };
}

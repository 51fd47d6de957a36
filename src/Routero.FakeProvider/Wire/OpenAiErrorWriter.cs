namespace Routero.FakeProvider.Wire;

/// <summary>Writes <see cref="OpenAiError"/> answers.</summary>
internal static class OpenAiErrorWriter
{
    public static async Task WriteAsync(HttpContext context, OpenAiError error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = ContentTypes.Json;
        if (error.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            // Clients (the OpenAI SDK, gateways) honour this when they back off.
            response.Headers.RetryAfter = "1";
        }

        WriteBody(response.BodyWriter, error);
        await BufferedResponse.SendAsync(context);
    }

    private static void WriteBody(System.IO.Pipelines.PipeWriter output, OpenAiError error)
    {
        var json = JsonWriterCache.Rent(output);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        json.WriteString("param"u8, error.Param);
        json.WriteString("code"u8, error.Code);
        json.WriteEndObject();
        json.WriteEndObject();
        JsonWriterCache.FlushAndReturn(json);
    }
}

using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Models;

/// <summary><c>GET /v1/models</c>: one example model per behaviour.</summary>
internal static class ModelsEndpoint
{
    /// <summary>Fixed, so listings are deterministic: 2024-01-01T00:00:00Z.</summary>
    public const long Created = 1_704_067_200;

    public static readonly IReadOnlyList<string> Ids =
    [
        "echo", "tokens-16", "slow-100", "error-400", "error-429", "error-500", "error-503",
        "flaky", "hang", "cut-3", "no-usage",
    ];

    public static async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentTypes.Json;
        Write(response.BodyWriter);
        await BufferedResponse.SendAsync(context);
    }

    private static void Write(System.IO.Pipelines.PipeWriter output)
    {
        var json = JsonWriterCache.Rent(output);
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WriteStartArray("data"u8);
        foreach (var id in Ids)
        {
            json.WriteStartObject();
            json.WriteString("id"u8, id);
            json.WriteString("object"u8, "model"u8);
            json.WriteNumber("created"u8, Created);
            json.WriteString("owned_by"u8, "routero-fake"u8);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        JsonWriterCache.FlushAndReturn(json);
    }
}

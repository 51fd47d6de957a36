using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Routero.FakeProvider.Tests.TestSupport;

/// <summary>Builds raw OpenAI request bodies, so the tests exercise the wire format itself.</summary>
internal static class WireRequests
{
    public static JsonObject Chat(string model, string userText, int? maxTokens = null, bool stream = false, bool? includeUsage = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userText }),
        };
        if (maxTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        if (stream)
        {
            body["stream"] = true;
        }

        if (includeUsage is { } usage)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = usage };
        }

        return body;
    }

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static HttpRequestMessage Post(string path, JsonNode body) => new(HttpMethod.Post, path) { Content = Json(body) };
}

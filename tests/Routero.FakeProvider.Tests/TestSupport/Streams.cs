using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Routero.FakeProvider.Tests.TestSupport;

internal static class Streams
{
    /// <summary>Posts a streaming request and returns as soon as the headers are in.</summary>
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient http, JsonObject request, CancellationToken cancellationToken)
    {
        using var message = WireRequests.Post("chat/completions", request);
        return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Concatenated <c>delta.content</c> of the chunks that have choices.</summary>
    public static string Content(IEnumerable<string> events)
    {
        var text = new StringBuilder();
        foreach (var data in events)
        {
            var choices = JsonBodies.Parse(data).GetProperty("choices");
            if (choices.GetArrayLength() == 1 && choices[0].GetProperty("delta").TryGetProperty("content", out var piece))
            {
                text.Append(piece.GetString());
            }
        }

        return text.ToString();
    }

    public static string? DeltaContent(string data)
    {
        var delta = JsonBodies.Parse(data).GetProperty("choices")[0].GetProperty("delta");
        return delta.TryGetProperty("content", out var content) ? content.GetString() : null;
    }

    public static bool HasUsage(string data, out JsonElement usage) =>
        JsonBodies.Parse(data).TryGetProperty("usage", out usage);
}

using System.Text.Json;

namespace Routero.FakeProvider.Tests.TestSupport;

internal static class JsonBodies
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Parse(text);
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an OpenAI error body and returns its <c>error</c> object.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(response, cancellationToken);
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return error;
    }
}

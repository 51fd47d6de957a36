using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Embeddings;

public sealed class EmbeddingsTests
{
    [Fact]
    public async Task Embeddings_StringArrayAsFloats_ReturnsDeterministicVectorsAndUsage()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var request = new JsonObject { ["model"] = "text-embedding-3-small", ["input"] = new JsonArray("first text", "second, longer text") };

        var body = await PostAsync(http, request, timeout.Token);

        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("text-embedding-3-small", body.GetProperty("model").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("embedding", data[1].GetProperty("object").GetString());
        Assert.Equal(1, data[1].GetProperty("index").GetInt32());
        Assert.Equal(FakeEmbedding.Vector("first text"), Floats(data[0].GetProperty("embedding")));
        Assert.Equal(FakeEmbedding.Vector("second, longer text"), Floats(data[1].GetProperty("embedding")));
        var tokens = FakeTokenizer.CountEmbeddingInputs("first text", "second, longer text");
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Embeddings_Base64WithDimensions_ReturnsLittleEndianFloat32OfSameVector()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var request = new JsonObject { ["model"] = "e", ["input"] = "héllo", ["encoding_format"] = "base64", ["dimensions"] = 5 };

        var body = await PostAsync(http, request, timeout.Token);

        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(5 * sizeof(float), bytes.Length);
        Assert.Equal(FakeEmbedding.Vector("héllo", 5), MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Fact]
    public async Task Embeddings_TokenArrays_CountsIntegersAsTokens()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var single = new JsonObject { ["model"] = "e", ["input"] = new JsonArray(1, 2, 3) };
        var nested = new JsonObject { ["model"] = "e", ["input"] = new JsonArray(new JsonArray(1, 2, 3), new JsonArray(9)) };

        var singleBody = await PostAsync(http, single, timeout.Token);
        var nestedBody = await PostAsync(http, nested, timeout.Token);

        Assert.Equal(FakeEmbedding.Vector([1, 2, 3]), Floats(singleBody.GetProperty("data")[0].GetProperty("embedding")));
        Assert.Equal(3, singleBody.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(FakeEmbedding.Vector([9]), Floats(nestedBody.GetProperty("data")[1].GetProperty("embedding")));
        Assert.Equal(4, nestedBody.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Embeddings_ErrorModel_ReturnsThatStatus()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("embeddings", WireRequests.Json("""{"model":"error-429","input":"x"}"""), timeout.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        await JsonBodies.ReadErrorAsync(response, timeout.Token);
    }

    [Theory]
    [InlineData("""{"model":"e","input":[]}""", "input")]
    [InlineData("""{"model":"e","input":["a",1]}""", "input")]
    [InlineData("""{"model":"e","input":{"a":1}}""", "input")]
    [InlineData("""{"model":"e"}""", "input")]
    [InlineData("""{"input":"x"}""", null)]
    [InlineData("""{"model":"e","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"e","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"e","input":"x""", null)]
    public async Task Embeddings_InvalidRequest_Returns400WithOpenAiError(string request, string? param)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("embeddings", WireRequests.Json(request), timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonBodies.ReadErrorAsync(response, timeout.Token);
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, JsonObject request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("embeddings", WireRequests.Json(request), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonBodies.ReadAsync(response, cancellationToken);
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(value => value.GetSingle())];
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Chat;

public sealed class ChatCompletionTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ChatCompletion_Echo_RepliesWithLastUserMessageAndExactUsage()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new() { TimeProvider = new ManualTimeProvider(Now) });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var request = new JsonObject
        {
            ["model"] = "echo",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "You are terse." },
                new JsonObject { ["role"] = "user", ["content"] = "first question" },
                new JsonObject { ["role"] = "assistant", ["content"] = "ok" },
                new JsonObject { ["role"] = "user", ["content"] = "Hello, fake provider!" }),
        };

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(request), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonBodies.ReadAsync(response, timeout.Token);
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), body.GetProperty("created").GetInt64());
        Assert.Equal("echo", body.GetProperty("model").GetString());
        Assert.Equal("fp_fake", body.GetProperty("system_fingerprint").GetString());
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Hello, fake provider!", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("refusal").ValueKind);
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var prompt = FakeTokenizer.CountPrompt("You are terse.", "first question", "ok", "Hello, fake provider!");
        AssertUsage(body, prompt, completion: 6);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public async Task ChatCompletion_LimitBelowReply_TruncatesWithLengthFinish(string limit)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var request = WireRequests.Chat("echo", "abcdefghijklmnop");
        request[limit] = 2;

        var body = await PostAsync(http, request, timeout.Token);

        AssertChoice(body, "abcdefgh", "length");
        AssertUsage(body, FakeTokenizer.CountPrompt("abcdefghijklmnop"), completion: 2);
    }

    [Fact]
    public async Task ChatCompletion_BothLimits_HonoursTheSmaller()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var request = WireRequests.Chat("echo", "abcdefghijklmnop", maxTokens: 3);
        request["max_completion_tokens"] = 1;

        var body = await PostAsync(http, request, timeout.Token);

        AssertChoice(body, "abcd", "length");
    }

    [Fact]
    public async Task ChatCompletion_LimitAboveReply_KeepsWholeReplyWithStopFinish()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        var body = await PostAsync(http, WireRequests.Chat("echo", "abcdefghij", maxTokens: 3), timeout.Token);

        AssertChoice(body, "abcdefghij", "stop");
        AssertUsage(body, FakeTokenizer.CountPrompt("abcdefghij"), completion: 3);
    }

    [Fact]
    public async Task ChatCompletion_MultiByteTextTruncated_CutsOnCharacterBoundaryWithinLimit()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        const string text = "héllo wörld 😀 ünïcödé";

        var body = await PostAsync(http, WireRequests.Chat("echo", text, maxTokens: 4), timeout.Token);

        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("héllo wörld ", content);
        Assert.Equal(4, FakeTokenizer.Count(content));
        AssertUsage(body, FakeTokenizer.CountPrompt(text), completion: 4);
    }

    [Theory]
    [InlineData("tokens-5", null, "abcdabcdabcdabcdabcd", 5, "stop")]
    [InlineData("tokens-5", 3, "abcdabcdabcd", 3, "length")]
    [InlineData("tokens-0", null, "", 0, "stop")]
    [InlineData("tokens-2+slow-0", null, "abcdabcd", 2, "stop")]
    public async Task ChatCompletion_TokensN_RepliesWithExactlyNTokensCappedByLimit(
        string model, int? maxTokens, string expected, int completion, string finish)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        var body = await PostAsync(http, WireRequests.Chat(model, "ignored", maxTokens), timeout.Token);

        AssertChoice(body, expected, finish);
        AssertUsage(body, FakeTokenizer.CountPrompt("ignored"), completion);
        Assert.Equal(model, body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task ChatCompletion_ContentParts_EchoesAndCountsTextPartsOnly()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        const string request = """
            {"model":"gpt-4o","messages":[{"role":"user","content":[
              {"type":"text","text":"Hello "},
              {"type":"image_url","image_url":{"url":"https://example.invalid/cat.png"}},
              {"type":"text","text":"world"}]}],"user":"tenant-a"}
            """;

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(request), timeout.Token);
        var body = await JsonBodies.ReadAsync(response, timeout.Token);

        AssertChoice(body, "Hello world", "stop");
        AssertUsage(body, FakeTokenizer.CountPrompt("Hello world"), FakeTokenizer.Count("Hello world"));
    }

    [Fact]
    public async Task ChatCompletion_NoUserMessage_RepliesEmptyWithZeroCompletionTokens()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        const string request = """{"model":"echo","messages":[{"role":"system","content":"sys"},{"role":"assistant","content":null}]}""";

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(request), timeout.Token);
        var body = await JsonBodies.ReadAsync(response, timeout.Token);

        AssertChoice(body, "", "stop");
        AssertUsage(body, FakeTokenizer.CountPrompt("sys", ""), completion: 0);
    }

    [Theory]
    [InlineData("{\"model\":\"echo\",\"messages\":[", null)]
    [InlineData("not json", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null)]
    [InlineData("{\"model\":\"echo\"}", "messages")]
    [InlineData("{\"model\":\"echo\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"echo\",\"messages\":[{\"content\":\"x\"}]}", "messages[0].role")]
    [InlineData("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":1}]}", "messages[0].content")]
    [InlineData("{\"model\":\"echo\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "max_tokens")]
    [InlineData("{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    public async Task ChatCompletion_InvalidRequest_Returns400WithOpenAiError(string request, string? param)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(request), timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonBodies.ReadErrorAsync(response, timeout.Token);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, JsonObject request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("chat/completions", WireRequests.Json(request), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonBodies.ReadAsync(response, cancellationToken);
    }

    private static void AssertChoice(JsonElement body, string content, string finishReason)
    {
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal(content, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(finishReason, choice.GetProperty("finish_reason").GetString());
    }

    private static void AssertUsage(JsonElement body, int prompt, int completion)
    {
        var usage = body.GetProperty("usage");
        Assert.Equal(prompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completion, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(prompt + completion, usage.GetProperty("total_tokens").GetInt32());
    }
}

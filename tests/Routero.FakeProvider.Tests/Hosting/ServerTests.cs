using System.Net;
using System.Net.Http.Headers;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Hosting;

public sealed class ServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsEphemeralLoopbackPortUnderV1()
    {
        await using var sut = await FakeProviderServer.StartAsync(new());

        Assert.NotEqual(0, sut.Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{sut.Port}/v1/"), sut.BaseAddress);
    }

    [Fact]
    public async Task StartAsync_PortTaken_ThrowsAndTheOtherServerKeepsServing()
    {
        using var timeout = Bounded.Timeout();
        await using var first = await FakeProviderServer.StartAsync(new());

        await Assert.ThrowsAnyAsync<IOException>(() => FakeProviderServer.StartAsync(new() { Port = first.Port }, timeout.Token));

        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        using var response = await http.GetAsync("models", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RequiredApiKey_MissingOrWrongKey_Returns401WithInvalidApiKeyError()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new() { RequiredApiKey = "sk-right" });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        foreach (var header in new AuthenticationHeaderValue?[] { null, new("Bearer", "sk-wrong"), new("Basic", "sk-right") })
        {
            using var request = WireRequests.Post("chat/completions", WireRequests.Chat("echo", "hi"));
            request.Headers.Authorization = header;
            using var response = await http.SendAsync(request, timeout.Token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var error = await JsonBodies.ReadErrorAsync(response, timeout.Token);
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task RequiredApiKey_RightBearerKey_Answers()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new() { RequiredApiKey = "sk-right" });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-right");

        using var chat = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", "hi")), timeout.Token);
        using var models = await http.GetAsync("models", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task RecentRequests_AfterRequests_HoldsPathBodyAndAuthorizationOldestFirst()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-tenant");
        const string chatBody = """{"model":"echo","messages":[{"role":"user","content":"hi"}]}""";

        using var chat = await http.PostAsync("chat/completions", WireRequests.Json(chatBody), timeout.Token);
        using var models = await http.GetAsync("models", timeout.Token);

        Assert.Equal(
            [
                new CapturedRequest("/v1/chat/completions", chatBody, "Bearer sk-tenant"),
                new CapturedRequest("/v1/models", "", "Bearer sk-tenant"),
            ],
            sut.RecentRequests);
        Assert.Equal(2, sut.RequestCount);
    }

    [Fact]
    public async Task RecentRequests_MoreThanCapacity_KeepsTheLast256()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        for (var i = 0; i < 300; i++)
        {
            using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", $"m{i}")), timeout.Token);
        }

        var captured = sut.RecentRequests;
        Assert.Equal(256, captured.Count);
        Assert.Contains("\"m44\"", captured[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"m299\"", captured[^1].Body, StringComparison.Ordinal);
        Assert.Equal(300, sut.RequestCount);
    }

    [Fact]
    public async Task ClearCaptured_AfterRequests_EmptiesCaptureButKeepsCount()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        using var response = await http.GetAsync("models", timeout.Token);

        sut.ClearCaptured();

        Assert.Empty(sut.RecentRequests);
        Assert.Equal(1, sut.RequestCount);
    }

    [Fact]
    public async Task CaptureRequestsOff_AfterRequests_CapturesNothingButCounts()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new() { CaptureRequests = false });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", "hi")), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(sut.RecentRequests);
        Assert.Equal(1, sut.RequestCount);
    }

    [Theory]
    [InlineData("GET", "chat/completions")]
    [InlineData("POST", "completions")]
    [InlineData("POST", "/chat/completions")]
    public async Task UnknownRoute_AnyMethod_Returns404WithOpenAiError(string method, string path)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await JsonBodies.ReadErrorAsync(response, timeout.Token);
    }

    [Fact]
    public async Task NonStreamingAnswer_Always_DeclaresContentLength()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", "hi")), timeout.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);

        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
    }
}

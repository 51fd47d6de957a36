using System.Net;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Behaviours;

public sealed class BehaviourTests
{
    [Fact]
    public async Task Error429_AnyRequest_Returns429WithRetryAfterAndRateLimitError()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("error-429", "hi")), timeout.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var error = await JsonBodies.ReadErrorAsync(response, timeout.Token);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("error-400", HttpStatusCode.BadRequest, "invalid_request_error")]
    [InlineData("error-401", HttpStatusCode.Unauthorized, "invalid_request_error")]
    [InlineData("error-404", HttpStatusCode.NotFound, "invalid_request_error")]
    [InlineData("error-500", HttpStatusCode.InternalServerError, "server_error")]
    [InlineData("error-503", HttpStatusCode.ServiceUnavailable, "server_error")]
    [InlineData("error-502", HttpStatusCode.BadGateway, "server_error")]
    public async Task ErrorCode_StreamingOrNot_ReturnsThatStatusWithOpenAiErrorBody(string model, HttpStatusCode status, string type)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        foreach (var stream in new[] { false, true })
        {
            using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat(model, "hi", stream: stream)), timeout.Token);

            Assert.Equal(status, response.StatusCode);
            Assert.Null(response.Headers.RetryAfter);
            var error = await JsonBodies.ReadErrorAsync(response, timeout.Token);
            Assert.Equal(type, error.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Flaky_ConsecutiveRequests_FailEverySecondWith503()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("flaky", "hi")), timeout.Token);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await JsonBodies.ReadErrorAsync(response, timeout.Token);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], statuses);
    }

    [Fact]
    public async Task Hang_ClientCancels_RequestEndsAndServerKeepsServing()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        using var client = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var hanging = http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("hang", "hi")), client.Token);
        await Eventually.TrueAsync(() => sut.RequestCount == 1, timeout.Token);
        Assert.False(hanging.IsCompleted);
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        using var next = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", "hi")), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Hang_ServerDisposed_ReleasesTheHangingRequest()
    {
        using var timeout = Bounded.Timeout();
        var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        var hanging = http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("hang", "hi")), timeout.Token);
        await Eventually.TrueAsync(() => sut.RequestCount == 1, timeout.Token);
        await sut.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task CutN_NonStreaming_DropsTheConnectionWithoutAnswer()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(
            () => http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("cut-1", "hi")), timeout.Token));
    }

    [Fact]
    public async Task Slow_NonStreaming_WithholdsTheAnswerUntilTheDelayElapses()
    {
        using var timeout = Bounded.Timeout();
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var sut = await FakeProviderServer.StartAsync(new() { TimeProvider = time });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        var pending = http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("slow-250", "hi")), timeout.Token);
        await time.WaitForTimerAsync(timeout.Token);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SlowAndError_Combined_WaitsThenFails()
    {
        using var timeout = Bounded.Timeout();
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var sut = await FakeProviderServer.StartAsync(new() { TimeProvider = time });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        var pending = http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("slow-100+error-500", "hi", stream: true)), timeout.Token);
        await time.WaitForTimerAsync(timeout.Token);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}

using System.Net;
using System.Text.Json;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Chat;

public sealed class ChatStreamingTests
{
    private const string Text = "The quick brown fox jumps over the lazy dog.";

    [Fact]
    public async Task Stream_WithIncludeUsage_SendsRoleTokensFinishUsageThenDone()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("echo", Text, stream: true, includeUsage: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await sse.ReadAllAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var tokens = FakeTokenizer.Count(Text);
        Assert.Equal(1 + tokens + 1 + 1 + 1, events.Count);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(JsonBodies.Parse).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(chunk => chunk.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(Text, Streams.Content(events[..^1]));
        Assert.All(events[1..(1 + tokens)], data => Assert.InRange(Streams.DeltaContent(data)!.Length, 1, 4));
        var finish = chunks[^2].GetProperty("choices")[0];
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());
        Assert.Empty(finish.GetProperty("delta").EnumerateObject());
        Assert.All(chunks[..^1], chunk => Assert.Equal(JsonValueKind.Null, chunk.GetProperty("usage").ValueKind));
        var usageChunk = chunks[^1];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        Assert.Equal(FakeTokenizer.CountPrompt(Text), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(tokens, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(FakeTokenizer.CountPrompt(Text) + tokens, usage.GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageAtAll(bool? includeUsage)
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("echo", Text, stream: true, includeUsage: includeUsage), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await sse.ReadAllAsync(timeout.Token);

        Assert.Equal(1 + FakeTokenizer.Count(Text) + 1 + 1, events.Count);
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1], data => Assert.False(Streams.HasUsage(data, out _)));
        Assert.Equal(Text, Streams.Content(events[..^1]));
    }

    [Fact]
    public async Task Stream_NoUsageModel_IgnoresIncludeUsage()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("no-usage", Text, stream: true, includeUsage: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await sse.ReadAllAsync(timeout.Token);

        Assert.Equal(1 + FakeTokenizer.Count(Text) + 1 + 1, events.Count);
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events[..^1], data => Assert.False(Streams.HasUsage(data, out _)));
    }

    [Fact]
    public async Task Stream_MaxTokens_StreamsOnlyLimitAndFinishesWithLength()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("echo", "héllo wörld 😀!", maxTokens: 3, stream: true, includeUsage: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = await sse.ReadAllAsync(timeout.Token);

        Assert.Equal(["hél", "lo w", "örl"], events[1..4].Select(Streams.DeltaContent));
        Assert.Equal("length", JsonBodies.Parse(events[4]).GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.True(Streams.HasUsage(events[5], out var usage));
        Assert.Equal(3, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_PiecesOfAnyText_ConcatenateToTheNonStreamContent()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };
        const string text = "ünïcödé 😀😀 text with \"quotes\", \\ back\nslash and 日本語";

        using var streamed = await Streams.OpenAsync(http, WireRequests.Chat("echo", text, stream: true), timeout.Token);
        using var sse = new SseReader(await streamed.Content.ReadAsStreamAsync(timeout.Token));
        var events = await sse.ReadAllAsync(timeout.Token);
        using var whole = await http.PostAsync("chat/completions", WireRequests.Json(WireRequests.Chat("echo", text)), timeout.Token);
        var body = await JsonBodies.ReadAsync(whole, timeout.Token);

        Assert.Equal(text, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(text, Streams.Content(events[..^1]));
        Assert.Equal(1 + FakeTokenizer.Count(text) + 1 + 1, events.Count);
    }

    [Fact]
    public async Task Stream_SlowModel_FlushesEachEventBeforeWaitingForTheNext()
    {
        using var timeout = Bounded.Timeout();
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var sut = await FakeProviderServer.StartAsync(new() { TimeProvider = time });
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("slow-1000", "abcdefgh", stream: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        // The clock only moves when the server waits on it: every event read below must have
        // been flushed on its own, or the read would block until the bound cancels it.
        Assert.Equal("", Streams.DeltaContent((await sse.ReadEventAsync(timeout.Token))!));
        var pieces = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            await time.WaitForTimerAsync(timeout.Token);
            time.Advance(TimeSpan.FromMilliseconds(1000));
            pieces.Add(Streams.DeltaContent((await sse.ReadEventAsync(timeout.Token))!));
        }

        Assert.Equal(["abcd", "efgh", null], pieces);
        Assert.Equal("[DONE]", await sse.ReadEventAsync(timeout.Token));
        Assert.Null(await sse.ReadEventAsync(timeout.Token));
    }

    [Fact]
    public async Task Stream_CutN_SendsNTokensThenBreaksTheConnection()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("cut-3", Text, stream: true, includeUsage: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            received.Add((await sse.ReadEventAsync(timeout.Token))!);
        }

        Assert.Equal(Text[..12], Streams.Content(received));
        await Assert.ThrowsAnyAsync<IOException>(() => sse.ReadEventAsync(timeout.Token));
    }

    [Fact]
    public async Task Stream_CutNOnShortReply_BreaksAfterTheLastTokenWithoutFinish()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await Streams.OpenAsync(http, WireRequests.Chat("cut-10+tokens-2", "x", stream: true), timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var received = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await sse.ReadEventAsync(timeout.Token))!);
        }

        Assert.Equal("abcdabcd", Streams.Content(received));
        await Assert.ThrowsAnyAsync<IOException>(() => sse.ReadEventAsync(timeout.Token));
    }
}

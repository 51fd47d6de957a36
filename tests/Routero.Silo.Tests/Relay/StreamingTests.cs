using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

public sealed class StreamingTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloUnderTest Silo => fixture.Silo;

    private static HttpRequestMessage StreamRequest(string model, string text, object? extra = null) =>
        new(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(Chat.Body(model, text, SiloUnderTest.Merge(new { stream = true }, extra))) };

    private static async Task<List<string>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add(line["data: ".Length..]);
        return events;
    }

    [Fact]
    public async Task Stream_ForwardsEveryEventEndingWithDone_AndSettlesFromTheUsageChunk()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);
        var text = "abcdefghijkl" + Guid.NewGuid().ToString("N")[..4];

        using var response = await client.SendAsync(StreamRequest("test/priced", text), HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        var content = string.Concat(chunks.Select(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        Assert.Equal(text, content);
        var upstream = JsonNode.Parse(Silo.Upstream.RecentRequests.Single(r => r.Body.Contains(text)).Body)!;
        Assert.True(upstream["stream_options"]!["include_usage"]!.GetValue<bool>());
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        Assert.False(record.UsageEstimated);
        Assert.Equal(4, record.CompletionTokens);
    }

    [Fact]
    public async Task Stream_ForwardsEventsAsTheyArrive_NotAfterTheUpstreamFinishes()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await client.SendAsync(StreamRequest("test/slow", "abcdefghijkl"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        // A relay that buffered the stream would have settled (and written spend) before sending anything.
        Assert.StartsWith("data: ", first);
        Assert.Empty(await Chat.SpendOfAsync(Silo, key));
        while (await reader.ReadLineAsync() is not null) { }
        Assert.Single(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Stream_WhenClientDisconnects_ChargesEstimatedUsage_AndReleasesItsSlot()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { max_parallel_requests = 1 });
        using var client = Silo.ClientFor(key);

        // 24 events 300 ms apart: the silo notices the disconnect on a write a few events in, long before the stream
        // (and its usage) would end. With 6 events a loaded machine sometimes saw the whole stream through (twice).
        var text = string.Concat(Enumerable.Repeat("abcdefghijklmnopqrstuvwx", 4));
        var response = await client.SendAsync(StreamRequest("test/slow", text), HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        Assert.True(await stream.ReadAsync(buffer) > 0);
        response.Dispose(); // the client goes away mid-stream

        Assert.True(await Chat.EventuallyAsync(async () => (await Chat.SpendOfAsync(Silo, key)).Count == 1));
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        Assert.True(record.UsageEstimated);
        using var next = await Chat.PostAsync(client, Chat.Body("test/echo"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Stream_WhenUpstreamBreaksOff_ChargesEstimatedUsage()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await client.SendAsync(StreamRequest("test/cut", "abcdefghijklmnopqrstuvwx"), HttpCompletionOption.ResponseHeadersRead);
        var body = new StringBuilder();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line) body.AppendLine(line);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The silo ends the client's stream when the upstream breaks off.
        }

        Assert.DoesNotContain("[DONE]", body.ToString());
        Assert.True(await Chat.EventuallyAsync(async () => (await Chat.SpendOfAsync(Silo, key)).Count == 1));
        Assert.True(Assert.Single(await Chat.SpendOfAsync(Silo, key)).UsageEstimated);
    }

    [Fact]
    public async Task Stream_WhenUpstreamSendsNoUsage_StillEndsWithDone_AndEstimates()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await client.SendAsync(StreamRequest("test/no-usage", "abcdefgh"), HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsAsync(response);

        Assert.Equal("[DONE]", events[^1]);
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        Assert.True(record.UsageEstimated);
        Assert.Equal(2, record.CompletionTokens);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

public sealed class ChatCompletionsTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloUnderTest Silo => fixture.Silo;

    [Fact]
    public async Task Completion_WithValidKey_RelaysAnswerAndUsage()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/echo", "hello there"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("hello there", json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(3, json["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.StartsWith("req_", response.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task Completion_RewritesModelAndSendsProviderKeyUpstream_ButNeverToTheClient()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);
        var marker = Guid.NewGuid().ToString("N");

        using var response = await Chat.PostAsync(client, Chat.Body("test/echo", marker));

        var upstream = Silo.Upstream.RecentRequests.Single(r => r.Body.Contains(marker));
        Assert.Equal("Bearer sk-upstream-secret", upstream.Authorization);
        Assert.Equal("echo", JsonNode.Parse(upstream.Body)!["model"]!.GetValue<string>());
        var everything = response.Headers.ToString() + response.Content.Headers + await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-upstream-secret", everything);
    }

    [Fact]
    public async Task Completion_IsAccountedDurably_WithExactCost()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/priced", "abcdefgh"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        // Fake tokenizer: "abcdefgh" is 2 tokens; prompt = 2 + 3 + 3 = 8, completion = 2; one cent per token.
        Assert.Equal(8, record.PromptTokens);
        Assert.Equal(2, record.CompletionTokens);
        Assert.Equal(100_000_000L, record.SpendNanos);
        Assert.False(record.UsageEstimated);
        Assert.Equal("0.1", response.Headers.GetValues("x-litellm-response-cost").Single());
    }

    [Fact]
    public async Task Completion_WhenFirstDeploymentIsDown_FallsBackToTheNext()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/fallback"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test/fallback#1", response.Headers.GetValues("x-routero-deployment").Single());
    }

    [Fact]
    public async Task Completion_WhenUpstreamFails_Answers502AndChargesNothing()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/error-500"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", await Chat.ErrorCodeAsync(response));
        Assert.Empty(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Completion_WhenUpstreamRejectsTheRequest_PassesThe400ThroughAndChargesNothing()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/error-400"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Completion_WhenUpstreamHangs_Answers504()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/hang"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", await Chat.ErrorCodeAsync(response));
        Assert.Empty(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Completion_WhenBudgetPaysForFewerTokens_CapsUpstreamMaxTokens()
    {
        // One cent per token; $0.50 pays for a 13-token prompt bound and 37 output tokens.
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { max_budget = 0.5 });
        using var client = Silo.ClientFor(key);
        var marker = "cap" + Guid.NewGuid().ToString("N")[..5];

        using var response = await Chat.PostAsync(client, Chat.Body("test/priced", marker, new { max_tokens = 500 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upstream = JsonNode.Parse(Silo.Upstream.RecentRequests.Single(r => r.Body.Contains(marker)).Body)!;
        var bound = 4 + marker.Length + 4 + 3; // role + content bytes + per-message + per-prompt
        Assert.Equal((50 - bound), upstream["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Embeddings_WithValidKey_RelaysAndAccounts()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using var client = Silo.ClientFor(key);

        using var response = await client.PostAsJsonAsync("v1/embeddings", new { model = "test/priced", input = "abcdefgh" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        Assert.Equal("embeddings", record.CallType);
        Assert.Equal(2, record.PromptTokens);
        Assert.Equal(20_000_000L, record.SpendNanos);
    }

    [Fact]
    public async Task Models_ListsOnlyWhatTheChainAllows()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { models = new[] { "test/echo", "test/priced" } }, new { models = new[] { "test/echo", "eu/echo" } });
        using var client = Silo.ClientFor(key);

        var json = JsonNode.Parse(await client.GetStringAsync("v1/models"))!;

        var ids = json["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(["test/echo"], ids);
    }
}

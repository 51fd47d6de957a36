using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

/// <summary>The official OpenAI .NET SDK, unchanged but for its endpoint, drives the silo.</summary>
public sealed class OpenAISdkTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloUnderTest Silo => fixture.Silo;

    private ChatClient ClientFor(string key, string model) =>
        new(model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(Silo.BaseAddress, "v1/") });

    [Fact]
    public async Task Sdk_CompleteChat_ReturnsTheAnswerAndUsage()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();

        ChatCompletion completion = await ClientFor(key, "test/echo").CompleteChatAsync([new UserChatMessage("hello from the sdk")]);

        Assert.Equal("hello from the sdk", completion.Content[0].Text);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.Single(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Sdk_CompleteChatStreaming_DeliversAllUpdatesAndUsage()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        var text = "streaming through the gateway";
        var received = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in ClientFor(key, "test/echo").CompleteChatStreamingAsync([new UserChatMessage(text)]))
        {
            foreach (var part in update.ContentUpdate) received.Append(part.Text);
            usage ??= update.Usage;
        }

        Assert.Equal(text, received.ToString());
        Assert.NotNull(usage);
        var record = Assert.Single(await Chat.SpendOfAsync(Silo, key));
        Assert.Equal(usage!.OutputTokenCount, record.CompletionTokens);
    }

    [Fact]
    public async Task Sdk_WhenBudgetIsExhausted_SeesA429WithTheBudgetCode()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { max_budget = 0.0001 });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => ClientFor(key, "test/priced").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(429, error.Status);
        Assert.Contains("budget", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Sdk;

/// <summary>The official OpenAI .NET SDK must read everything the fake writes.</summary>
public sealed class OpenAiSdkTests
{
    private const string ApiKey = "sk-sdk-test";

    [Fact]
    public async Task CompleteChat_Echo_SdkParsesContentFinishAndUsage()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new() { RequiredApiKey = ApiKey });
        var sut = new ChatClient("echo", new ApiKeyCredential(ApiKey), Options(server));

        ChatCompletion completion = await sut.CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hello from the SDK")], cancellationToken: timeout.Token);

        Assert.Equal("Hello from the SDK", Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("echo", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(FakeTokenizer.CountPrompt("Be brief.", "Hello from the SDK"), completion.Usage.InputTokenCount);
        Assert.Equal(FakeTokenizer.Count("Hello from the SDK"), completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal("/v1/chat/completions", Assert.Single(server.RecentRequests).Path);
        Assert.Equal("Bearer " + ApiKey, server.RecentRequests[0].Authorization);
    }

    [Fact]
    public async Task CompleteChat_MaxOutputTokens_SdkSeesLengthFinish()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new ChatClient("tokens-50", new ApiKeyCredential(ApiKey), Options(server));

        ChatCompletion completion = await sut.CompleteChatAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 7 }, timeout.Token);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(7, completion.Usage.OutputTokenCount);
        Assert.Equal(string.Concat(Enumerable.Repeat("abcd", 7)), completion.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChatStreaming_Echo_SdkAssemblesTextAndReadsUsage()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new ChatClient("echo", new ApiKeyCredential(ApiKey), Options(server));
        const string text = "Streaming through the official SDK, ünïcödé 😀 included.";
        var content = new StringBuilder();
        var updates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in sut.CompleteChatStreamingAsync([new UserChatMessage(text)], cancellationToken: timeout.Token))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(text, content.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(FakeTokenizer.CountPrompt(text), usage.InputTokenCount);
        Assert.Equal(FakeTokenizer.Count(text), usage.OutputTokenCount);
        Assert.Equal(1 + FakeTokenizer.Count(text) + 1 + 1, updates);
        Assert.Contains("\"include_usage\":true", server.RecentRequests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_Error400_SdkThrowsWithStatusAndMessage()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new ChatClient("error-400", new ApiKeyCredential(ApiKey), Options(server));

        var exception = await Assert.ThrowsAsync<ClientResultException>(
            () => sut.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: timeout.Token));

        Assert.Equal(400, exception.Status);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task GenerateEmbeddings_DefaultBase64Encoding_SdkDecodesTheExactVectors()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential(ApiKey), Options(server));

        OpenAIEmbeddingCollection embeddings = await sut.GenerateEmbeddingsAsync(["alpha", "beta gamma"], cancellationToken: timeout.Token);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(FakeEmbedding.Vector("alpha"), embeddings[0].ToFloats().ToArray());
        Assert.Equal(FakeEmbedding.Vector("beta gamma"), embeddings[1].ToFloats().ToArray());
        Assert.Equal(FakeTokenizer.CountEmbeddingInputs("alpha", "beta gamma"), embeddings.Usage.InputTokenCount);
        Assert.Contains("\"encoding_format\":\"base64\"", server.RecentRequests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateEmbedding_WithDimensions_SdkGetsThatManyFloats()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new EmbeddingClient("e", new ApiKeyCredential(ApiKey), Options(server));

        OpenAIEmbedding embedding = await sut.GenerateEmbeddingAsync("delta", new EmbeddingGenerationOptions { Dimensions = 32 }, timeout.Token);

        Assert.Equal(FakeEmbedding.Vector("delta", 32), embedding.ToFloats().ToArray());
    }

    [Fact]
    public async Task GetModels_Always_SdkListsTheBehaviours()
    {
        using var timeout = Bounded.Timeout();
        await using var server = await FakeProviderServer.StartAsync(new());
        var sut = new OpenAIModelClient(new ApiKeyCredential(ApiKey), Options(server));

        OpenAIModelCollection models = await sut.GetModelsAsync(timeout.Token);

        Assert.Contains(models, model => model.Id == "echo" && model.OwnedBy == "routero-fake");
    }

    /// <summary>The SDK appends <c>/chat/completions</c> etc. to the endpoint: <see cref="FakeProviderServer.BaseAddress"/> fits as is.</summary>
    private static OpenAIClientOptions Options(FakeProviderServer server) => new()
    {
        Endpoint = server.BaseAddress,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };
}

namespace Routero.Routing;

/// <summary>
/// An upstream provider account: an OpenAI-compatible base URL and the API key to call it with.
/// The key never appears in <see cref="ToString"/>, logs or any API answer.
/// </summary>
public sealed class ProviderEndpoint(string name, Uri baseAddress, string? apiKey, TimeSpan timeout)
{
    /// <summary>The provider's name in silo-config.</summary>
    public string Name { get; } = name;

    /// <summary>Base URL ending in '/', e.g. <c>https://api.openai.com/v1/</c>.</summary>
    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>The chat completions endpoint (resolved once: combining URIs per request allocated several strings).</summary>
    public Uri ChatCompletions { get; } = new(baseAddress, "chat/completions");

    /// <summary>The embeddings endpoint.</summary>
    public Uri Embeddings { get; } = new(baseAddress, "embeddings");

    /// <summary>How long one upstream call may take before the gateway answers 504.</summary>
    public TimeSpan Timeout { get; } = timeout;

    internal string? ApiKey { get; } = apiKey;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({BaseAddress}, key {(ApiKey is null ? "none" : "***")})";
}

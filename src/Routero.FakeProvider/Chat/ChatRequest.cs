using System.Buffers;

namespace Routero.FakeProvider.Chat;

/// <summary>
/// The parts of a chat completion request the fake acts on. Owns a pooled buffer holding the
/// last user message's text: dispose once, after the answer is written.
/// </summary>
internal readonly struct ChatRequest(
    string model,
    int promptTokens,
    byte[]? lastUserText,
    int lastUserLength,
    int? maxTokens,
    bool stream,
    bool includeUsage) : IDisposable
{
    public string Model { get; } = model;

    public int PromptTokens { get; } = promptTokens;

    /// <summary>UTF-8 text of the last user message (text parts concatenated); empty when none.</summary>
    public ReadOnlyMemory<byte> LastUserText => lastUserText.AsMemory(0, lastUserLength);

    /// <summary>The smaller of <c>max_tokens</c> and <c>max_completion_tokens</c>; null when neither.</summary>
    public int? MaxTokens { get; } = maxTokens;

    public bool Stream { get; } = stream;

    public bool IncludeUsage { get; } = includeUsage;

    public void Dispose()
    {
        if (lastUserText is not null)
        {
            ArrayPool<byte>.Shared.Return(lastUserText);
        }
    }
}

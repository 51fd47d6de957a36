using Routero.FakeProvider.Behaviours;

namespace Routero.FakeProvider.Chat;

/// <summary>The assistant text the fake answers with, already capped by <c>max_tokens</c>.</summary>
internal readonly record struct ChatReply(ReadOnlyMemory<byte> Content, int CompletionTokens, bool Truncated)
{
    public ReadOnlySpan<byte> FinishReason => Truncated ? "length"u8 : "stop"u8;

    public static ChatReply For(in ChatRequest request, ModelBehaviour behaviour)
    {
        if (behaviour.FixedTokens is { } fixedTokens)
        {
            var tokens = Math.Min(fixedTokens, request.MaxTokens ?? int.MaxValue);
            return new ChatReply(FixedReply.Get(tokens), tokens, tokens < fixedTokens);
        }

        var echo = request.LastUserText;
        var echoTokens = FakeTokenizer.ForByteCount(echo.Length);
        if (request.MaxTokens is { } max && max < echoTokens)
        {
            return new ChatReply(echo[..TokenSlices.Boundary(echo.Span, max)], max, Truncated: true);
        }

        return new ChatReply(echo, echoTokens, Truncated: false);
    }
}

using System.Text;

namespace Routero.FakeProvider;

/// <summary>
/// The fake provider's token arithmetic: one token per started 4 bytes of UTF-8.
/// Public so tests can compute the exact usage the server will report.
/// </summary>
public static class FakeTokenizer
{
    /// <summary>Tokens every chat message costs on top of its content, and the reply priming.</summary>
    public const int TokensPerMessage = 3;

    /// <summary>UTF-8 bytes per token.</summary>
    public const int BytesPerToken = 4;

    /// <summary>ceil(UTF-8 byte count / 4); 0 for an empty string.</summary>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ForByteCount(Encoding.UTF8.GetByteCount(text));
    }

    /// <summary>Tokens of <paramref name="utf8ByteCount"/> bytes of UTF-8.</summary>
    public static int ForByteCount(int utf8ByteCount) => (utf8ByteCount + BytesPerToken - 1) / BytesPerToken;

    /// <summary>
    /// Prompt tokens of a chat request whose messages have these content texts (in any order):
    /// sum of (Count(content) + 3), plus 3. For array-of-parts content pass the text parts concatenated.
    /// </summary>
    public static int CountPrompt(params IEnumerable<string> messageContents)
    {
        ArgumentNullException.ThrowIfNull(messageContents);
        var total = TokensPerMessage;
        foreach (var content in messageContents)
        {
            total += Count(content) + TokensPerMessage;
        }

        return total;
    }

    /// <summary>Input tokens of an embeddings request with string inputs: sum of Count(input).</summary>
    public static int CountEmbeddingInputs(params IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var total = 0;
        foreach (var input in inputs)
        {
            total += Count(input);
        }

        return total;
    }
}

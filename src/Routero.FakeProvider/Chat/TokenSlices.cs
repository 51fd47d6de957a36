namespace Routero.FakeProvider.Chat;

/// <summary>
/// Cuts UTF-8 text into completion tokens: 4-byte slices, each end moved back to a character
/// start so no slice splits a character. Slices concatenate to the text, there are exactly
/// <see cref="FakeTokenizer.ForByteCount"/> of them, and the first N slices count as N tokens.
/// </summary>
internal static class TokenSlices
{
    /// <summary>Byte offset where token <paramref name="tokenIndex"/> starts (or the text ends).</summary>
    public static int Boundary(ReadOnlySpan<byte> utf8, int tokenIndex)
    {
        var boundary = (int)Math.Min((long)tokenIndex * FakeTokenizer.BytesPerToken, utf8.Length);
        while (boundary > 0 && boundary < utf8.Length && IsContinuation(utf8[boundary]))
        {
            boundary--;
        }

        return boundary;
    }

    private static bool IsContinuation(byte b) => (b & 0b1100_0000) == 0b1000_0000;
}

namespace Routero.FakeProvider.Chat;

/// <summary>
/// The "abcd"-repeated text of <c>tokens-N</c>, served as slices of one shared grow-only array
/// so a fixed-length reply costs no allocation once the largest size has been seen.
/// </summary>
internal static class FixedReply
{
    private static byte[] s_text = Build(1024);

    public static ReadOnlyMemory<byte> Get(int tokens)
    {
        var length = tokens * FakeTokenizer.BytesPerToken;
        var text = Volatile.Read(ref s_text);
        if (text.Length < length)
        {
            // Racing growers build equal arrays; whichever wins is fine.
            text = Build(Math.Max(length, text.Length * 2));
            Volatile.Write(ref s_text, text);
        }

        return text.AsMemory(0, length);
    }

    private static byte[] Build(int length)
    {
        var text = new byte[length];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)('a' + (i % FakeTokenizer.BytesPerToken));
        }

        return text;
    }
}

namespace Routero.Streaming;

/// <summary>
/// Watches an SSE stream as it is relayed, without holding it back: finds the usage chunk, counts content
/// events (the fallback estimate of completion tokens when a stream ends without usage), and spots
/// <c>data: [DONE]</c> so the relay can make spend durable before the stream's last event completes.
/// Every byte is forwarded as it arrives; only lines are parsed, so a line split across reads is carried
/// (a copy, for parsing) until its end arrives.
/// </summary>
public sealed class SseRelayScanner
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    private byte[] _carry = new byte[256];
    private int _carryLength;

    /// <summary>Usage reported by the stream, if seen.</summary>
    public Usage? Usage { get; private set; }

    /// <summary>Data events that carried generated text (content or tool-call arguments): about one token each.</summary>
    public int ContentEvents { get; private set; }

    /// <summary>True once <c>data: [DONE]</c> was seen.</summary>
    public bool SawDone { get; private set; }

    /// <summary>
    /// Scans newly read bytes. <paramref name="doneAt"/> is where, within them, the relay must pause to make
    /// spend durable: the start of the completed <c>data: [DONE]</c> line (0 when that line began in an
    /// earlier read, whose bytes are no complete event yet), or -1 when the chunk completes no such line.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> chunk, out int doneAt)
    {
        doneAt = -1;
        var lastNewline = chunk.LastIndexOf((byte)'\n');
        if (lastNewline < 0)
        {
            Carry(chunk);
            return;
        }
        var complete = chunk[..(lastNewline + 1)];
        var offset = 0;
        if (_carryLength > 0)
        {
            // The first line started in an earlier read: join it before scanning.
            var first = complete.IndexOf((byte)'\n');
            Carry(complete[..(first + 1)]);
            ScanLine(_carry.AsSpan(0, _carryLength), -1, ref doneAt);
            _carryLength = 0;
            offset = first + 1;
        }
        while (offset < complete.Length)
        {
            var end = complete[offset..].IndexOf((byte)'\n');
            ScanLine(complete.Slice(offset, end + 1), offset, ref doneAt);
            offset += end + 1;
        }
        Carry(chunk[(lastNewline + 1)..]);
    }

    private void ScanLine(ReadOnlySpan<byte> line, int offset, ref int doneAt)
    {
        if (!line.StartsWith(DataPrefix)) return;
        var payload = line[DataPrefix.Length..].Trim(" \r\n"u8);
        if (payload.SequenceEqual(Done))
        {
            SawDone = true;
            if (doneAt < 0) doneAt = Math.Max(offset, 0);
            return;
        }
        // With include_usage every chunk carries "usage":null; only an object value is worth a JSON parse.
        if (HasObjectUsage(payload) && Streaming.Usage.TryRead(payload, out var usage))
        {
            Usage = usage;
            return;
        }
        if (CarriesText(payload, "\"content\":\""u8) || CarriesText(payload, "\"arguments\":\""u8)) ContentEvents++;
    }

    /// <summary>
    /// True when some <c>"usage"</c> property has an object value: a cheap byte scan that rules out the chunks
    /// <see cref="Streaming.Usage.TryRead"/> would reject anyway (no usage, or <c>"usage":null</c>).
    /// </summary>
    private static bool HasObjectUsage(ReadOnlySpan<byte> payload)
    {
        var rest = payload;
        int at;
        while ((at = rest.IndexOf("\"usage\""u8)) >= 0)
        {
            rest = rest[(at + 7)..].TrimStart(" \t\r\n"u8);
            if (rest.IsEmpty || rest[0] != (byte)':') continue;
            rest = rest[1..].TrimStart(" \t\r\n"u8);
            if (!rest.IsEmpty && rest[0] == (byte)'{') return true;
        }
        return false;
    }

    /// <summary>True when the chunk has a non-empty string for the property (role-only and finish chunks do not).</summary>
    private static bool CarriesText(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> propertyAndQuote)
    {
        var at = payload.IndexOf(propertyAndQuote);
        return at >= 0 && at + propertyAndQuote.Length < payload.Length && payload[at + propertyAndQuote.Length] != (byte)'"';
    }

    private void Carry(ReadOnlySpan<byte> bytes)
    {
        if (_carryLength + bytes.Length > _carry.Length)
            Array.Resize(ref _carry, Math.Max(_carry.Length * 2, _carryLength + bytes.Length));
        bytes.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += bytes.Length;
    }
}

namespace Routero.FakeProvider.Tests.TestSupport;

/// <summary>Reads server-sent events one at a time, as they arrive on the wire.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next event's data payload, or null at the end of the stream.</summary>
    public async Task<string?> ReadEventAsync(CancellationToken cancellationToken)
    {
        string? data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                return data ?? throw new InvalidDataException("Empty server-sent event.");
            }

            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            Assert.Null(data);
            data = line["data: ".Length..];
        }

        Assert.Null(data);
        return null;
    }

    /// <summary>Every remaining event.</summary>
    public async Task<List<string>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var events = new List<string>();
        while (await ReadEventAsync(cancellationToken) is { } data)
        {
            events.Add(data);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}

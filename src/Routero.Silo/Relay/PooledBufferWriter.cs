using System.Buffers;

namespace Routero.Relay;

/// <summary>An <see cref="IBufferWriter{T}"/> over pooled arrays, for rewritten request bodies and buffered responses.</summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, initialCapacity));

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    /// <summary>Reads a whole stream into the buffer, refusing more than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<bool> ReadFromAsync(Stream stream, long limit, CancellationToken ct)
    {
        while (true)
        {
            var read = await stream.ReadAsync(GetMemory(4096), ct).ConfigureAwait(false);
            if (read == 0) return true;
            Advance(read);
            if (Length > limit) return false;
        }
    }

    private void Ensure(int sizeHint)
    {
        var need = Length + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(need, _buffer.Length * 2));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}

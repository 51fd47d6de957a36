using System.Buffers;
using System.Text.Json;

namespace Routero.FakeProvider.Wire;

/// <summary>
/// A growable UTF-8 buffer rented from the shared pool. A mutable struct: pass it by ref,
/// and dispose (or <see cref="Detach"/>) exactly once.
/// </summary>
internal struct PooledUtf8 : IDisposable
{
    private byte[]? _buffer;

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Appends the unescaped value of the string token under <paramref name="reader"/>.</summary>
    public void AppendString(ref Utf8JsonReader reader)
    {
        // Unescaping never lengthens a JSON string, so the raw length is enough room.
        var rawLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        EnsureRoom(rawLength);
        Length += reader.CopyString(_buffer.AsSpan(Length));
    }

    /// <summary>Hands the rented array (possibly null) and its length to a new owner.</summary>
    public (byte[]? Buffer, int Length) Detach()
    {
        var detached = (_buffer, Length);
        _buffer = null;
        Length = 0;
        return detached;
    }

    public void Dispose()
    {
        var (buffer, _) = Detach();
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureRoom(int extra)
    {
        var needed = checked(Length + extra);
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }
}

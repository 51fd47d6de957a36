using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Routero.FakeProvider;

/// <summary>
/// Deterministic unit-length vectors derived from the input, the same in every process:
/// FNV-1a 64 of the input seeds a SplitMix64 stream. Public so tests can predict vectors exactly.
/// </summary>
public static class FakeEmbedding
{
    /// <summary>Dimensions when a request does not ask for <c>dimensions</c>.</summary>
    public const int DefaultDimensions = 8;

    /// <summary>Largest <c>dimensions</c> the fake accepts.</summary>
    public const int MaxDimensions = 4096;

    /// <summary>The vector the server returns for string input <paramref name="text"/>.</summary>
    public static float[] Vector(string text, int dimensions = DefaultDimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            return Create(HashUtf8(rented.AsSpan(0, length)), dimensions);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The vector the server returns for a token-array input.</summary>
    public static float[] Vector(ReadOnlySpan<int> tokens, int dimensions = DefaultDimensions)
    {
        var hash = FnvOffset;
        foreach (var token in tokens)
        {
            hash = AppendToken(hash, token);
        }

        return Create(hash, dimensions);
    }

    internal const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    internal static ulong HashUtf8(ReadOnlySpan<byte> utf8)
    {
        var hash = FnvOffset;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    internal static ulong AppendToken(ulong hash, int token)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, token);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    /// <summary>Fills <paramref name="destination"/> with the unit vector seeded by <paramref name="seed"/>.</summary>
    internal static void Fill(ulong seed, Span<float> destination)
    {
        var state = seed;
        var sumOfSquares = 0d;
        for (var i = 0; i < destination.Length; i++)
        {
            // Top 24 bits give an exactly representable float in [-1, 1).
            var value = (float)((long)(NextSplitMix64(ref state) >> 40) - (1L << 23)) / (1 << 23);
            destination[i] = value;
            sumOfSquares += (double)value * value;
        }

        if (sumOfSquares == 0d)
        {
            return;
        }

        var scale = (float)(1d / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] *= scale;
        }
    }

    private static float[] Create(ulong seed, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        var vector = new float[dimensions];
        Fill(seed, vector);
        return vector;
    }

    private static ulong NextSplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

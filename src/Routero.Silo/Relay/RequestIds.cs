using System.Buffers.Binary;

namespace Routero.Relay;

/// <summary>
/// Request ids (<c>x-request-id</c>, the spend log's key): <c>req_</c> and a version-7 UUID (RFC 9562) in hex. Version 7
/// leads with the time in milliseconds, so ids sort in the order requests arrived and the spend log's unique
/// index on them grows at its end (a random id would land on a random page of it, one more dirty page per commit).
/// </summary>
/// <remarks>
/// The 74 bits after the time come from <see cref="Random.Shared"/> (xoshiro256**, one per thread, seeded from the
/// operating system's generator), not from <see cref="Guid.CreateVersion7(DateTimeOffset)"/>: that one reads 16 bytes
/// from <c>/dev/urandom</c> per id here, a system call on every request. The ids need to be unique, not secret (they
/// are no credential); 74 random bits make two equal ids in the same millisecond as unlikely as with the OS's bytes.
/// </remarks>
internal static class RequestIds
{
    private const string Prefix = "req_";
    private const long MaxMilliseconds = (1L << 48) - 1;

    /// <summary>A new id, built in one string.</summary>
    public static string New(TimeProvider time) => New(time.GetUtcNow());

    /// <summary>A new id for something that happens at <paramref name="at"/>.</summary>
    public static string New(DateTimeOffset at) =>
        string.Create(Prefix.Length + 32, Version7(at.ToUnixTimeMilliseconds()), static (span, guid) =>
        {
            Prefix.CopyTo(span);
            guid.TryFormat(span[Prefix.Length..], out _, "N");
        });

    /// <summary>
    /// A version-7 UUID: 48 bits of Unix milliseconds, the version (7), 12 random bits, the variant (binary 10) and 62
    /// random bits, in that order from the first byte.
    /// </summary>
    internal static Guid Version7(long unixMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unixMilliseconds, MaxMilliseconds);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, unixMilliseconds << 16); // the time in the first six bytes
        Random.Shared.NextBytes(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}

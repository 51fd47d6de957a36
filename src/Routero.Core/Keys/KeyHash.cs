using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Routero.Keys;

/// <summary>
/// The SHA-256 of a virtual key: the only form in which a key is stored or looked up.
/// A value type of four longs, so the hot path hashes and looks up a key without allocating.
/// </summary>
public readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Hashes the key's characters (as UTF-8).</summary>
    public static KeyHash Of(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[key.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var n = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..n], digest);
        return FromBytes(digest);
    }

    /// <summary>Reads a hash from its 32 bytes.</summary>
    public static KeyHash FromBytes(ReadOnlySpan<byte> d) => new(
        BinaryPrimitives.ReadUInt64BigEndian(d), BinaryPrimitives.ReadUInt64BigEndian(d[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(d[16..]), BinaryPrimitives.ReadUInt64BigEndian(d[24..]));

    /// <summary>Parses the 64-digit lowercase hex form (the admin API's <c>token</c>).</summary>
    public static bool TryParseHex(string? hex, out KeyHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != 64) return false;
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        hash = FromBytes(bytes);
        return true;
    }

    /// <summary>The 64-digit lowercase hex form, as stored and shown as <c>token</c>.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public override string ToString() => ToHex();
}

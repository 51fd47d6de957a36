using System.Security.Cryptography;

namespace Routero.Keys;

/// <summary>Minting, recognising and masking virtual keys (<c>sk-</c> + 256 random bits).</summary>
public static class VirtualKeys
{
    /// <summary>The prefix every virtual key carries.</summary>
    public const string Prefix = "sk-";

    /// <summary>A new key: <c>sk-</c> and 32 random bytes in unpadded base64url (43 characters).</summary>
    public static string Generate()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The masked form shown after creation: the prefix and the last four characters.</summary>
    public static string Mask(string key) =>
        key.Length <= 11 ? Prefix + "..." : string.Concat(key.AsSpan(0, 3), "...", key.AsSpan(key.Length - 4));

    /// <summary>
    /// Takes the key out of an <c>Authorization</c> header value (<c>Bearer sk-...</c>), without allocating.
    /// Returns an empty span when the header is absent or has no bearer token.
    /// </summary>
    public static ReadOnlySpan<char> FromAuthorization(ReadOnlySpan<char> header)
    {
        header = header.Trim();
        if (header.Length > 7 && header[..7].Equals("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header[7..].Trim();
        return ReadOnlySpan<char>.Empty;
    }
}

using System.Security.Cryptography;
using System.Text;
using Routero.Keys;

namespace Routero.Scim;

/// <summary>
/// An organization's SCIM bearer token: <c>scim-</c>, the organization id in base64url, a dot, and 256 random bits in
/// base64url. The organization id in it lets a request find its organization in one read; the random part is what
/// makes it a secret. Only its SHA-256 is stored (<see cref="Tenancy.OrganizationRecord.ScimTokenHash"/>).
/// </summary>
internal static class ScimToken
{
    private const string Prefix = "scim-";

    /// <summary>A new token for the organization.</summary>
    public static string Mint(string organizationId)
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return Prefix + Base64Url(Encoding.UTF8.GetBytes(organizationId)) + "." + Base64Url(secret);
    }

    /// <summary>The stored form: SHA-256, lowercase hex (as key hashes are).</summary>
    public static string Hash(ReadOnlySpan<char> token) => KeyHash.Of(token).ToHex();

    /// <summary>The organization a token names, or null when it is not shaped like a SCIM token.</summary>
    public static string? OrganizationOf(ReadOnlySpan<char> token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = token[Prefix.Length..];
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(FromBase64Url(rest[..dot])));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the token hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(ReadOnlySpan<char> token, string? storedHash)
    {
        if (storedHash is null) return false;
        var presented = Encoding.ASCII.GetBytes(Hash(token));
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.ASCII.GetBytes(storedHash));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(ReadOnlySpan<char> text)
    {
        var s = text.ToString().Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}

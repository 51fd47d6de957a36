using System.Net;

namespace Routero.Alerts;

/// <summary>Webhook URLs: what is accepted, and how they are shown (masked: they are secrets).</summary>
internal static class WebhookUrls
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>Why <paramref name="text"/> is not an acceptable webhook URL, or null when it is.</summary>
    public static string? Problem(string text, bool allowPrivateNetworks)
    {
        if (text.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return "must be an absolute http:// or https:// URL";
        if (uri.UserInfo.Length > 0) return "must not carry a user name or password before the host";
        if (!allowPrivateNetworks && IsPrivateHost(uri))
            return "must not point to a loopback, private or link-local address";
        return null;
    }

    /// <summary>
    /// The URL as answers show it: scheme, host and port, then only the last four characters of the rest, so an admin
    /// can tell two URLs apart without anyone reading the token they carry.
    /// </summary>
    public static string Mask(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "***";
        var rest = uri.PathAndQuery.TrimStart('/');
        var tail = rest.Length >= 12 ? rest[^4..] : "";
        return $"{uri.Scheme}://{uri.Authority}/...{tail}";
    }

    /// <summary>A host that names a loopback, private or link-local address outright (names are checked again when resolved).</summary>
    private static bool IsPrivateHost(Uri uri) =>
        uri.IsLoopback || uri.DnsSafeHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || uri.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && PrivateAddresses.Contains(address));
}

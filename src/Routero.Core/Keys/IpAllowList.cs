using System.Net;
using System.Net.Sockets;

namespace Routero.Keys;

/// <summary>
/// A key's <c>allow_ips</c>: single addresses and CIDR ranges, IPv4 and IPv6. IPv4-mapped IPv6
/// client addresses (<c>::ffff:10.0.0.1</c>) match IPv4 entries, as dual-stack sockets report them.
/// </summary>
public sealed class IpAllowList
{
    private readonly (byte[] Prefix, int Bits)[] _ranges;

    private IpAllowList((byte[], int)[] ranges) => _ranges = ranges;

    /// <summary>Parses the entries; the error names the first entry that is neither an address nor a CIDR.</summary>
    public static bool TryParse(IEnumerable<string> entries, out IpAllowList? list, out string? error)
    {
        var ranges = new List<(byte[], int)>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            var slash = entry.IndexOf('/');
            var addressText = slash < 0 ? entry : entry[..slash];
            if (!IPAddress.TryParse(addressText, out var address))
            {
                (list, error) = (null, $"'{raw}' is not an IP address or CIDR range");
                return false;
            }
            var full = address.GetAddressBytes().Length * 8;
            var bits = full;
            if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), out bits) || bits < 0 || bits > full))
            {
                (list, error) = (null, $"'{raw}' has an invalid prefix length");
                return false;
            }
            // An IPv4-mapped IPv6 range (::ffff:a.b.c.d/96+) is the IPv4 range it maps, as clients are normalised.
            if (address.IsIPv4MappedToIPv6 && bits >= 96) (address, bits) = (address.MapToIPv4(), bits - 96);
            ranges.Add((address.GetAddressBytes(), bits));
        }
        (list, error) = (new IpAllowList([.. ranges]), null);
        return true;
    }

    /// <summary>True when the address falls in any entry.</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        var bytes = Normalize(address).GetAddressBytes();
        foreach (var (prefix, bits) in _ranges)
            if (prefix.Length == bytes.Length && PrefixMatches(prefix, bytes, bits)) return true;
        return false;
    }

    private static IPAddress Normalize(IPAddress a) =>
        a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    private static bool PrefixMatches(byte[] prefix, byte[] address, int bits)
    {
        var whole = bits / 8;
        if (!prefix.AsSpan(0, whole).SequenceEqual(address.AsSpan(0, whole))) return false;
        var rest = bits % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (prefix[whole] & mask) == (address[whole] & mask);
    }
}

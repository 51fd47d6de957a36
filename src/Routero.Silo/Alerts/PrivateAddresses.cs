using System.Net;
using System.Net.Sockets;

namespace Routero.Alerts;

/// <summary>Addresses a tenant's webhook must not reach: loopback, private, link-local, shared, multicast and reserved ranges.</summary>
internal static class PrivateAddresses
{
    private static readonly (uint Network, int Bits)[] V4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10.0.0.0/8
        (0x64400000, 10),  // 100.64.0.0/10 carrier-grade NAT
        (0x7F000000, 8),   // 127.0.0.0/8 loopback
        (0xA9FE0000, 16),  // 169.254.0.0/16 link-local (cloud metadata services)
        (0xAC100000, 12),  // 172.16.0.0/12
        (0xC0000000, 24),  // 192.0.0.0/24 protocol assignments
        (0xC0A80000, 16),  // 192.168.0.0/16
        (0xC6120000, 15),  // 198.18.0.0/15 benchmarking
        (0xE0000000, 3),   // 224.0.0.0/3 multicast and reserved, broadcast included
    ];

    /// <summary>True when <paramref name="address"/> is in one of the ranges (IPv4-mapped IPv6 addresses count as IPv4).</summary>
    public static bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
            return V4.Any(r => value >> (32 - r.Bits) == r.Network >> (32 - r.Bits));
        }
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }
}

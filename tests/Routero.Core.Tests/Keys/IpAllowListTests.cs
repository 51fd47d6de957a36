using System.Net;
using Routero.Keys;

namespace Routero.Core.Tests.Keys;

public sealed class IpAllowListTests
{
    private static IpAllowList Parse(params string[] entries)
    {
        Assert.True(IpAllowList.TryParse(entries, out var list, out var error), error);
        Assert.Null(error);
        return list!;
    }

    private static bool Allows(IpAllowList sut, string address) => sut.Allows(IPAddress.Parse(address));

    [Fact]
    public void Allows_WhenEntryIsASingleIPv4Address_MatchesOnlyThatAddress()
    {
        var sut = Parse("10.0.0.1");

        Assert.True(Allows(sut, "10.0.0.1"));
        Assert.False(Allows(sut, "10.0.0.2"));
        Assert.False(Allows(sut, "11.0.0.1"));
    }

    [Fact]
    public void Allows_WhenEntryIsA24_MatchesTheWholeRangeOnly()
    {
        var sut = Parse("192.168.7.0/24");

        Assert.True(Allows(sut, "192.168.7.0"));
        Assert.True(Allows(sut, "192.168.7.255"));
        Assert.False(Allows(sut, "192.168.8.0"));
        Assert.False(Allows(sut, "192.168.6.255"));
    }

    [Fact]
    public void Allows_WhenEntryHasHostBitsSet_MatchesTheNetwork()
    {
        var sut = Parse("192.168.7.99/24");

        Assert.True(Allows(sut, "192.168.7.1"));
    }

    [Fact]
    public void Allows_WhenPrefixIsNotByteAligned_MasksThePartialByte()
    {
        var sut = Parse("10.16.0.0/12");

        Assert.True(Allows(sut, "10.16.0.0"));
        Assert.True(Allows(sut, "10.31.255.255"));
        Assert.False(Allows(sut, "10.15.255.255"));
        Assert.False(Allows(sut, "10.32.0.0"));
    }

    [Fact]
    public void Allows_WhenEntryIsA32_MatchesOnlyThatAddress()
    {
        var sut = Parse("10.0.0.1/32");

        Assert.True(Allows(sut, "10.0.0.1"));
        Assert.False(Allows(sut, "10.0.0.0"));
    }

    [Fact]
    public void Allows_WhenEntryIsAnIPv4Slash0_MatchesEveryIPv4AddressButNoIPv6Address()
    {
        var sut = Parse("0.0.0.0/0");

        Assert.True(Allows(sut, "1.2.3.4"));
        Assert.True(Allows(sut, "255.255.255.255"));
        Assert.False(Allows(sut, "2001:db8::1"));
    }

    [Fact]
    public void Allows_WhenEntryIsAnIPv6Range_MatchesAddressesInsideIt()
    {
        var sut = Parse("2001:db8::/32");

        Assert.True(Allows(sut, "2001:db8::1"));
        Assert.True(Allows(sut, "2001:db8:ffff:ffff::1"));
        Assert.False(Allows(sut, "2001:db9::1"));
        Assert.False(Allows(sut, "10.0.0.1"));
    }

    [Fact]
    public void Allows_WhenEntryIsASingleIPv6Address_MatchesOnlyThatAddress()
    {
        var sut = Parse("::1");

        Assert.True(Allows(sut, "::1"));
        Assert.False(Allows(sut, "::2"));
    }

    [Fact]
    public void Allows_WhenClientIsIPv4MappedIPv6_MatchesTheIPv4Entry()
    {
        var sut = Parse("10.0.0.0/8");

        Assert.True(Allows(sut, "::ffff:10.1.2.3"));
        Assert.False(Allows(sut, "::ffff:11.1.2.3"));
    }

    [Fact]
    public void Allows_WhenEntryIsIPv4MappedIPv6_MatchesThePlainIPv4Client()
    {
        var sut = Parse("::ffff:10.0.0.1");

        Assert.True(Allows(sut, "10.0.0.1"));
    }

    [Fact]
    public void Allows_WhenAnyOfSeveralEntriesMatches_Allows()
    {
        var sut = Parse("10.0.0.1", " 192.168.0.0/16 ", "2001:db8::/32");

        Assert.True(Allows(sut, "192.168.44.1"));
        Assert.True(Allows(sut, "10.0.0.1"));
        Assert.True(Allows(sut, "2001:db8::5"));
        Assert.False(Allows(sut, "172.16.0.1"));
    }

    [Fact]
    public void Allows_WhenAddressIsNull_Refuses()
    {
        var sut = Parse("0.0.0.0/0");

        Assert.False(sut.Allows(null));
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.300")]
    [InlineData("example.com/24")]
    [InlineData("")]
    public void TryParse_WhenEntryIsNotAnAddress_ReturnsAnErrorNamingTheEntry(string bad)
    {
        var ok = IpAllowList.TryParse(["10.0.0.1", bad, "also-bad"], out var list, out var error);

        Assert.False(ok);
        Assert.Null(list);
        Assert.Equal($"'{bad}' is not an IP address or CIDR range", error);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/abc")]
    [InlineData("10.0.0.0/")]
    [InlineData("2001:db8::/129")]
    public void TryParse_WhenPrefixLengthIsInvalid_ReturnsAnErrorNamingTheEntry(string bad)
    {
        var ok = IpAllowList.TryParse([bad], out var list, out var error);

        Assert.False(ok);
        Assert.Null(list);
        Assert.Equal($"'{bad}' has an invalid prefix length", error);
    }

    [Fact]
    public void TryParse_WhenIPv6PrefixIsLongerThan32_Accepts()
    {
        var sut = Parse("2001:db8::/128");

        Assert.True(Allows(sut, "2001:db8::"));
        Assert.False(Allows(sut, "2001:db8::1"));
    }

    [Fact]
    public void TryParse_WhenEntryIsAnIPv4MappedIPv6Range_AcceptsItAndMatchesThoseIPv4Clients()
    {
        var ok = IpAllowList.TryParse(["::ffff:10.0.0.0/104"], out var sut, out var error);

        Assert.True(ok, error);
        Assert.True(Allows(sut!, "10.1.2.3"));
        Assert.False(Allows(sut!, "11.1.2.3"));
    }
}

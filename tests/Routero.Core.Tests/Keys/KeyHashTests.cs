using System.Security.Cryptography;
using System.Text;
using Routero.Keys;

namespace Routero.Core.Tests.Keys;

public sealed class KeyHashTests
{
    [Theory]
    [InlineData("")]
    [InlineData("sk-abc")]
    [InlineData("sk-é€😀 non-ascii")]
    public void Of_WhenGivenAKey_IsTheSha256OfItsUtf8Bytes(string key)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        var sut = KeyHash.Of(key);

        Assert.Equal(KeyHash.FromBytes(expected), sut);
        Assert.Equal(Convert.ToHexStringLower(expected), sut.ToHex());
    }

    [Fact]
    public void Of_WhenKeyIsLongerThanTheStackBuffer_IsTheSha256OfItsUtf8Bytes()
    {
        var key = "sk-" + new string('€', 500);
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        var sut = KeyHash.Of(key);

        Assert.Equal(Convert.ToHexStringLower(expected), sut.ToHex());
    }

    [Fact]
    public void Of_WhenKeyIsAllThreeByteCharactersAtTheStackLimit_IsTheSha256OfItsUtf8Bytes()
    {
        var key = new string('€', 256);
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        var sut = KeyHash.Of(key);

        Assert.Equal(Convert.ToHexStringLower(expected), sut.ToHex());
    }

    [Fact]
    public void Of_WhenKeysDiffer_GivesDifferentHashes()
    {
        Assert.NotEqual(KeyHash.Of("sk-a"), KeyHash.Of("sk-b"));
        Assert.Equal(KeyHash.Of("sk-a"), KeyHash.Of("sk-a"));
    }

    [Fact]
    public void ToHex_WhenParsedBack_RoundTrips()
    {
        var sut = KeyHash.Of("sk-round-trip");

        var ok = KeyHash.TryParseHex(sut.ToHex(), out var parsed);

        Assert.True(ok);
        Assert.Equal(sut, parsed);
        Assert.Equal(64, sut.ToHex().Length);
        Assert.Equal(sut.ToHex(), sut.ToString());
    }

    [Fact]
    public void FromBytes_WhenRead_IsBigEndianInFieldOrder()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var sut = KeyHash.FromBytes(bytes);

        Assert.Equal(0x0001020304050607UL, sut.A);
        Assert.Equal(0x18191A1B1C1D1E1FUL, sut.D);
        Assert.Equal(Convert.ToHexStringLower(bytes), sut.ToHex());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef0123456789abcdef 123456789abcdef0123456789abcdef")]
    [InlineData("sk-3456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void TryParseHex_WhenNotSixtyFourHexDigits_ReturnsFalse(string? hex)
    {
        var ok = KeyHash.TryParseHex(hex, out var sut);

        Assert.False(ok);
        Assert.Equal(default, sut);
    }
}

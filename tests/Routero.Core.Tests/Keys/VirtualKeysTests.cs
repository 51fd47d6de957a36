using Routero.Keys;

namespace Routero.Core.Tests.Keys;

public sealed class VirtualKeysTests
{
    [Fact]
    public void Generate_WhenCalled_IsThePrefixAnd43Base64UrlCharacters()
    {
        var sut = VirtualKeys.Generate();

        Assert.StartsWith(VirtualKeys.Prefix, sut, StringComparison.Ordinal);
        Assert.Equal(3 + 43, sut.Length);
        Assert.All(sut[3..], c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
    }

    [Fact]
    public void Generate_WhenDecoded_Carries256Bits()
    {
        var sut = VirtualKeys.Generate();

        var base64 = sut[3..].Replace('-', '+').Replace('_', '/') + "=";
        var bytes = Convert.FromBase64String(base64);

        Assert.Equal(32, bytes.Length);
    }

    [Fact]
    public void Generate_WhenDrawnManyTimes_NeverRepeats()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 1_000; i++) Assert.True(keys.Add(VirtualKeys.Generate()));

        Assert.Equal(1_000, keys.Count);
    }

    [Fact]
    public void Mask_WhenKeyIsLong_ShowsThePrefixAndTheLastFourCharacters()
    {
        var sut = VirtualKeys.Mask("sk-abcdefghijklmnop");

        Assert.Equal("sk-...mnop", sut);
    }

    [Fact]
    public void Mask_WhenKeyIsAGeneratedKey_HidesAllButTheLastFour()
    {
        var key = VirtualKeys.Generate();

        var sut = VirtualKeys.Mask(key);

        Assert.Equal("sk-..." + key[^4..], sut);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sk-")]
    [InlineData("sk-12345678")]
    public void Mask_WhenKeyIsTooShortToShowAnyOfIt_ShowsOnlyThePrefix(string key)
    {
        var sut = VirtualKeys.Mask(key);

        Assert.Equal("sk-...", sut);
    }

    [Theory]
    [InlineData("Bearer sk-x", "sk-x")]
    [InlineData("bearer sk-x", "sk-x")]
    [InlineData("BEARER sk-x", "sk-x")]
    [InlineData("  Bearer   sk-x  ", "sk-x")]
    [InlineData("Bearer sk-abc-DEF_123", "sk-abc-DEF_123")]
    public void FromAuthorization_WhenHeaderIsABearerToken_ReturnsTheKey(string header, string expected)
    {
        var sut = VirtualKeys.FromAuthorization(header);

        Assert.Equal(expected, sut.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer    ")]
    [InlineData("Basic c2steDp4")]
    [InlineData("sk-x")]
    [InlineData("Bearersk-x")]
    public void FromAuthorization_WhenHeaderHasNoBearerToken_ReturnsEmpty(string header)
    {
        var sut = VirtualKeys.FromAuthorization(header);

        Assert.True(sut.IsEmpty);
    }
}

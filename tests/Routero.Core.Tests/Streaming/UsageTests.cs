using System.Text;
using Routero.Streaming;

namespace Routero.Core.Tests.Streaming;

public sealed class UsageTests
{
    private static bool TryRead(string json, out Usage usage) => Usage.TryRead(Encoding.UTF8.GetBytes(json), out usage);

    [Fact]
    public void TryRead_WhenUsageSitsAmongOtherProperties_ReadsItsCounts()
    {
        const string json = """
            {"id":"c1","choices":[{"index":0,"usage":{"prompt_tokens":999}}],"model":"m",
             "usage":{"prompt_tokens":5,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens":7,"total_tokens":12},
             "system_fingerprint":null}
            """;

        var ok = TryRead(json, out var sut);

        Assert.True(ok);
        Assert.Equal(new Usage(5, 7), sut);
        Assert.Equal(12, sut.TotalTokens);
    }

    [Fact]
    public void TryRead_WhenUsageComesFirst_ReadsItsCounts()
    {
        var ok = TryRead("""{"usage":{"completion_tokens":3,"prompt_tokens":4},"choices":[]}""", out var sut);

        Assert.True(ok);
        Assert.Equal(new Usage(4, 3), sut);
    }

    [Fact]
    public void TryRead_WhenOnlyPromptTokensAreReported_ReadsZeroCompletionTokens()
    {
        var ok = TryRead("""{"object":"list","usage":{"prompt_tokens":8,"total_tokens":8}}""", out var sut);

        Assert.True(ok);
        Assert.Equal(new Usage(8, 0), sut);
    }

    [Fact]
    public void TryRead_WhenUsageIsNull_ReturnsFalse()
    {
        var ok = TryRead("""{"id":"c1","choices":[{"delta":{"content":"hi"}}],"usage":null}""", out var sut);

        Assert.False(ok);
        Assert.Equal(default, sut);
    }

    [Fact]
    public void TryRead_WhenUsageIsOnlyNestedInsideAnotherObject_ReturnsFalse()
    {
        var ok = TryRead("""{"choices":[{"usage":{"prompt_tokens":1,"completion_tokens":2}}],"meta":{"usage":{"prompt_tokens":3}}}""", out _);

        Assert.False(ok);
    }

    [Fact]
    public void TryRead_WhenUsageHasNoTokenCounts_ReturnsFalse()
    {
        var ok = TryRead("""{"usage":{"total_tokens":5}}""", out _);

        Assert.False(ok);
    }

    [Fact]
    public void TryRead_WhenAStringMentionsUsage_IgnoresIt()
    {
        var ok = TryRead("""{"content":"\"usage\":{\"prompt_tokens\":1}"}""", out _);

        Assert.False(ok);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("[{\"usage\":{\"prompt_tokens\":1}}]")]
    [InlineData("{\"usage\":{\"prompt_tokens\":")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1,,}}")]
    [InlineData("{\"id\":\"x\",\"usage\"")]
    [InlineData("\"usage\"")]
    public void TryRead_WhenInputIsMalformedOrNotAnObject_ReturnsFalse(string json)
    {
        var ok = TryRead(json, out var sut);

        Assert.False(ok);
        Assert.Equal(default, sut);
    }

    [Fact]
    public void TryRead_WhenUsageIsNotAnObject_ReturnsFalse()
    {
        Assert.False(TryRead("""{"usage":42}""", out _));
        Assert.False(TryRead("""{"usage":[1,2]}""", out _));
    }
}

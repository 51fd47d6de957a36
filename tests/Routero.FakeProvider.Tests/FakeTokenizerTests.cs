namespace Routero.FakeProvider.Tests;

public sealed class FakeTokenizerTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("éé", 1)]
    [InlineData("ééé", 2)]
    [InlineData("😀", 1)]
    [InlineData("😀x", 2)]
    public void Count_Text_IsUtf8BytesOverFourRoundedUp(string text, int expected)
    {
        var sut = FakeTokenizer.Count(text);

        Assert.Equal(expected, sut);
    }

    [Fact]
    public void CountPrompt_Messages_AddsThreePerMessagePlusThree()
    {
        var sut = FakeTokenizer.CountPrompt("abcd", "", "abcde");

        Assert.Equal((1 + 3) + (0 + 3) + (2 + 3) + 3, sut);
    }

    [Fact]
    public void CountEmbeddingInputs_Strings_SumsTheirCounts()
    {
        var sut = FakeTokenizer.CountEmbeddingInputs("abcd", "abcde");

        Assert.Equal(3, sut);
    }
}

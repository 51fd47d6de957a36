using Routero.FakeProvider.Behaviours;

namespace Routero.FakeProvider.Tests.Behaviours;

public sealed class ModelBehaviourTests
{
    [Theory]
    [InlineData("echo")]
    [InlineData("gpt-4o-mini")]
    [InlineData("tokens-")]
    [InlineData("error-200")]
    [InlineData("slow-x")]
    [InlineData("")]
    public void Parse_UnrecognisedName_IsPlainEcho(string model)
    {
        var sut = ModelBehaviour.Parse(model);

        Assert.Equal(default, sut);
    }

    [Fact]
    public void Parse_CombinedParts_SetsEachBehaviour()
    {
        var sut = ModelBehaviour.Parse("tokens-12+slow-30+cut-4+no-usage+flaky+hang+error-429");

        Assert.Equal(
            new ModelBehaviour
            {
                FixedTokens = 12, SlowMilliseconds = 30, CutAfterTokens = 4, NoUsage = true, Flaky = true, Hang = true, ErrorStatus = 429,
            },
            sut);
    }

    [Fact]
    public void Parse_PrefixWithSuffix_MatchesByPrefix()
    {
        var sut = ModelBehaviour.Parse("tokens-7-gpt-4o");

        Assert.Equal(new ModelBehaviour { FixedTokens = 7 }, sut);
    }

    [Fact]
    public void Parse_HugeTokenCount_IsCapped()
    {
        var sut = ModelBehaviour.Parse("tokens-999999999");

        Assert.Equal(ModelBehaviour.MaxFixedTokens, sut.FixedTokens);
    }
}

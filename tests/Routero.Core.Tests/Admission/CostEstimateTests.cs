using Routero.Admission;
using Routero.Money;
using Routero.Pricing;

namespace Routero.Core.Tests.Admission;

public sealed class CostEstimateTests
{
    [Fact]
    public void PromptCost_WhenPriced_IsPromptTokensTimesInputPrice()
    {
        var sut = new CostEstimate(1_000, 500, new ModelPrice(7, 99, 4096));

        Assert.Equal(new Usd(7_000), sut.PromptCost);
    }

    [Fact]
    public void RateTokens_WhenEstimated_AreThePromptTokens()
    {
        var sut = new CostEstimate(1_000, 500, ModelPrice.Free);

        Assert.Equal(1_000L, sut.RateTokens);
    }
}

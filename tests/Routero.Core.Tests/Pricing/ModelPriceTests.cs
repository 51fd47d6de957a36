using Routero.Money;
using Routero.Pricing;

namespace Routero.Core.Tests.Pricing;

public sealed class ModelPriceTests
{
    [Fact]
    public void FromPerMillion_WhenPricesHaveThreeDecimals_GivesExactNanosPerToken()
    {
        var sut = ModelPrice.FromPerMillion(2.5m, 0.001m, 4096);

        Assert.Equal(2_500L, sut.InputNanosPerToken);
        Assert.Equal(1L, sut.OutputNanosPerToken);
        Assert.Equal(4096, sut.MaxOutputTokens);
    }

    [Fact]
    public void FromPerMillion_WhenPricesAreZero_IsFree()
    {
        var sut = ModelPrice.FromPerMillion(0m, 0m, 1);

        Assert.Equal(0L, sut.InputNanosPerToken);
        Assert.Equal(0L, sut.OutputNanosPerToken);
    }

    [Fact]
    public void FromPerMillion_WhenInputHasFourDecimals_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPrice.FromPerMillion(0.0001m, 1m, 1));

        Assert.Equal("input_cost_per_million", error.ParamName);
    }

    [Fact]
    public void FromPerMillion_WhenOutputHasFourDecimals_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPrice.FromPerMillion(1m, 1.2345m, 1));

        Assert.Equal("output_cost_per_million", error.ParamName);
    }

    [Fact]
    public void FromPerMillion_WhenTrailingZerosGoBeyondThreeDecimals_Accepts()
    {
        var sut = ModelPrice.FromPerMillion(1.50000m, 1m, 1);

        Assert.Equal(1_500L, sut.InputNanosPerToken);
    }

    [Fact]
    public void FromPerMillion_WhenInputIsNegative_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPrice.FromPerMillion(-1m, 1m, 1));

        Assert.Equal("input_cost_per_million", error.ParamName);
    }

    [Fact]
    public void FromPerMillion_WhenOutputIsNegative_ThrowsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPrice.FromPerMillion(1m, -0.001m, 1));

        Assert.Equal("output_cost_per_million", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void FromPerMillion_WhenMaxOutputTokensIsNotPositive_Throws(int maxOutputTokens)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPrice.FromPerMillion(1m, 1m, maxOutputTokens));

        Assert.Equal("maxOutputTokens", error.ParamName);
    }

    [Fact]
    public void Cost_WhenGivenTokenCounts_MultipliesEachByItsPrice()
    {
        var sut = ModelPrice.FromPerMillion(2.5m, 10m, 4096);

        var cost = sut.Cost(1_000, 500);

        Assert.Equal(new Usd(1_000 * 2_500 + 500 * 10_000), cost);
    }

    [Fact]
    public void Cost_WhenAMillionTokensAreUsed_EqualsThePerMillionPrice()
    {
        var sut = ModelPrice.FromPerMillion(3.125m, 15.5m, 4096);

        Assert.Equal(Usd.FromDollars(3.125m), sut.Cost(1_000_000, 0));
        Assert.Equal(Usd.FromDollars(15.5m), sut.Cost(0, 1_000_000));
    }

    [Fact]
    public void Cost_WhenProductOverflows_Throws()
    {
        var sut = new ModelPrice(long.MaxValue / 2, 0, 1);

        Assert.Throws<OverflowException>(() => sut.Cost(3, 0));
    }

    [Fact]
    public void Free_WhenAskedForCost_CostsNothing()
    {
        var sut = ModelPrice.Free;

        Assert.Equal(Usd.Zero, sut.Cost(1_000_000, 1_000_000));
    }
}

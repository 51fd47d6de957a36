using Routero.Money;

namespace Routero.Core.Tests.Money;

public sealed class UsdTests
{
    [Fact]
    public void FromDollars_WhenAddingTenthsThatFloatingPointGetsWrong_SumsExactly()
    {
        var sut = Usd.FromDollars(0.1m) + Usd.FromDollars(0.2m);

        Assert.Equal(Usd.FromDollars(0.3m), sut);
        Assert.Equal(300_000_000L, sut.Nanos);
    }

    [Theory]
    [InlineData("1", 1_000_000_000L)]
    [InlineData("0.000000001", 1L)]
    [InlineData("12.345678912", 12_345_678_912L)]
    [InlineData("-2.5", -2_500_000_000L)]
    [InlineData("0", 0L)]
    public void FromDollars_WhenAmountHasAtMostNineDecimals_IsExact(string dollars, long expectedNanos)
    {
        var sut = Usd.FromDollars(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedNanos, sut.Nanos);
    }

    [Theory]
    [InlineData("0.0000000005", 1L)]
    [InlineData("0.0000000004999", 0L)]
    [InlineData("0.0000000015", 2L)]
    [InlineData("-0.0000000005", -1L)]
    [InlineData("-0.0000000004", 0L)]
    public void FromDollars_WhenAmountIsFinerThanANanodollar_RoundsHalfAwayFromZero(string dollars, long expectedNanos)
    {
        var sut = Usd.FromDollars(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedNanos, sut.Nanos);
    }

    [Fact]
    public void FromDollars_WhenAmountExceedsTheRange_Throws()
    {
        Assert.Throws<OverflowException>(() => Usd.FromDollars(10_000_000_000m));
    }

    [Fact]
    public void ToDollars_WhenRoundTripped_ReturnsTheSameAmount()
    {
        var sut = Usd.FromDollars(123.456789012m);

        Assert.Equal(123.456789012m, sut.ToDollars());
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1_000_000_000L, "1")]
    [InlineData(1_500_000_000L, "1.5")]
    [InlineData(1L, "0.000000001")]
    [InlineData(-2_250_000_000L, "-2.25")]
    [InlineData(12_345_678_912L, "12.345678912")]
    public void ToString_WhenFormatted_ShowsDollarsWithoutTrailingZeros(long nanos, string expected)
    {
        var sut = new Usd(nanos);

        Assert.Equal(expected, sut.ToString());
    }

    [Fact]
    public void Add_WhenSumOverflows_Throws()
    {
        var sut = Usd.MaxValue;

        Assert.Throws<OverflowException>(() => sut + new Usd(1));
    }

    [Fact]
    public void Subtract_WhenDifferenceOverflows_Throws()
    {
        var sut = new Usd(long.MinValue);

        Assert.Throws<OverflowException>(() => sut - new Usd(1));
    }

    [Fact]
    public void Subtract_WhenInRange_IsExact()
    {
        var sut = Usd.FromDollars(1m) - Usd.FromDollars(0.000000001m);

        Assert.Equal(999_999_999L, sut.Nanos);
    }

    [Fact]
    public void Comparison_WhenAmountsDiffer_OrdersByNanos()
    {
        var small = new Usd(1);
        var large = new Usd(2);

        Assert.True(small < large);
        Assert.True(large > small);
        Assert.True(small <= new Usd(1));
        Assert.True(large >= new Usd(2));
        Assert.False(large < small);
        Assert.Equal(-1, small.CompareTo(large));
        Assert.Equal(0, small.CompareTo(new Usd(1)));
    }

    [Fact]
    public void MinAndMax_WhenGivenTwoAmounts_PickTheSmallerAndTheLarger()
    {
        var small = new Usd(-5);
        var large = new Usd(7);

        Assert.Equal(small, Usd.Min(small, large));
        Assert.Equal(small, Usd.Min(large, small));
        Assert.Equal(large, Usd.Max(small, large));
        Assert.Equal(large, Usd.Max(large, small));
    }
}

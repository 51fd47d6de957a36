using System.Text.Json;
using Routero.Budgets;
using Routero.Money;
using Routero.Tenancy;

namespace Routero.Core.Tests.Tenancy;

public sealed class LimitsTests
{
    [Fact]
    public void Duration_AfterAWithExpressionChangesTheText_IsTheNewOne()
    {
        var sut = new Limits { BudgetDuration = "30d", MaxBudget = 5m };

        var changed = sut with { BudgetDuration = "1d" };

        Assert.True(BudgetDuration.TryParse("1d", out var day));
        Assert.Equal(day, changed.Duration);
        Assert.Equal(Usd.FromDollars(5m), changed.MaxBudgetUsd);
        Assert.NotEqual(sut.Duration, changed.Duration);
    }

    [Fact]
    public void MaxBudgetUsd_AfterAWithExpressionChangesTheAmount_IsTheNewAmount()
    {
        var sut = new Limits { MaxBudget = 5m } with { MaxBudget = 0.000000001m };

        Assert.Equal(new Usd(1), sut.MaxBudgetUsd);
        Assert.Null((sut with { MaxBudget = null }).MaxBudgetUsd);
    }

    [Fact]
    public void MaxBudgetUsd_BeyondWhatNanodollarsHold_ThrowsWhenUsedNotWhenRead()
    {
        var sut = new Limits { MaxBudget = 1e20m };

        Assert.Throws<OverflowException>(() => sut.MaxBudgetUsd);
    }

    [Fact]
    public void EveryField_RoundTripsThroughJson_AndAbsentStaysNullNotZero()
    {
        var sut = new Limits
        {
            MaxBudget = 12.000000000123m, SoftBudget = 0m, BudgetDuration = "1mo", RpmLimit = 0, TpmLimit = 5_000_000_000L,
            MaxParallelRequests = 3, BudgetAnchor = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.FromHours(-5.5)),
        };
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        var back = JsonSerializer.Deserialize<Limits>(JsonSerializer.Serialize(sut, options), options)!;

        Assert.Equal(sut, back);
        Assert.Equal((12.000000000123m, 0m, "1mo", 0, 5_000_000_000L, 3), (back.MaxBudget, back.SoftBudget, back.BudgetDuration, back.RpmLimit, back.TpmLimit, back.MaxParallelRequests));
        Assert.Equal(TimeSpan.FromHours(-5.5), back.BudgetAnchor.Offset);
        Assert.Equal(sut.BudgetAnchor.UtcTicks, back.BudgetAnchor.UtcTicks);
        Assert.Equal(new BudgetDuration(1, DurationUnit.Month), back.Duration);
        var none = JsonSerializer.Deserialize<Limits>("{}", options)!;
        Assert.Equal((null, null, null, null, null, null, null), (none.MaxBudget, none.SoftBudget, none.BudgetDuration, none.RpmLimit, none.TpmLimit, none.MaxParallelRequests, none.Duration));
        Assert.Equal(Limits.None, none);
    }

    [Fact]
    public void WithExpression_ClearingAField_MakesItNullAgain_AndEqualityFollowsTheValues()
    {
        var sut = new Limits { RpmLimit = 5, SoftBudget = 1m, BudgetDuration = "30d" };

        var cleared = sut with { RpmLimit = null, SoftBudget = null, BudgetDuration = null };

        Assert.Equal((null, null, null), (cleared.RpmLimit, cleared.SoftBudget, cleared.Duration));
        Assert.Equal(Limits.None, cleared);
        Assert.NotEqual(Limits.None, sut);
        Assert.Equal(new Limits { RpmLimit = 5, SoftBudget = 1m, BudgetDuration = "30d" }, sut);
    }

    [Fact]
    public void BudgetDuration_TheSameTextOnManyLevels_IsOneInstance_AndAnInvalidTextIsKeptAsWritten()
    {
        var a = new Limits { BudgetDuration = new string("30d".AsSpan()) };
        var b = new Limits { BudgetDuration = new string("30d".AsSpan()) };
        var invalid = new Limits { BudgetDuration = "fortnight" };

        Assert.Same(a.BudgetDuration, b.BudgetDuration);
        Assert.Equal("fortnight", invalid.BudgetDuration);
        Assert.Null(invalid.Duration);
    }
}

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
}

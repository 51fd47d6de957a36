using Routero.Alerts;
using Routero.Money;
using Routero.Tenancy;

namespace Routero.Core.Tests.Alerts;

public sealed class BudgetThresholdsTests
{
    private static readonly decimal[] Default = [0.8m, 1.0m];

    [Fact]
    public void OfWindow_MaxBudgetAndSoftBudget_AreOrderedByAmount()
    {
        var sut = BudgetThresholds.OfWindow(new Limits { MaxBudget = 50m, SoftBudget = 30m }, Default);

        Assert.Equal(
            [(BudgetLimit.SoftBudget, 30_000_000_000L), (BudgetLimit.MaxBudget, 40_000_000_000L), (BudgetLimit.MaxBudget, 50_000_000_000L)],
            sut.Select(t => (t.Limit, t.Amount.Nanos)));
    }

    [Fact]
    public void OfWindow_NoLimits_HasNone()
    {
        Assert.Empty(BudgetThresholds.OfWindow(Limits.None, Default));
    }

    [Fact]
    public void OfWindow_ZeroLimits_HaveNone()
    {
        Assert.Empty(BudgetThresholds.OfWindow(new Limits { MaxBudget = 0m, SoftBudget = 0m }, Default));
    }

    [Fact]
    public void Of_ShareOfAnOddAmount_RoundsUpToTheNanodollar()
    {
        // 1/3 of 1 nanodollar short of $1 is 333,333,333 nanodollars and a third: reaching it takes 333,333,333 and a bit.
        var sut = BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.333333333333333333333333333m, new Usd(1_000_000_000));

        Assert.Equal(333_333_334, sut.Amount.Nanos);
        Assert.False(sut.IsReachedBy(new Usd(333_333_333)));
        Assert.True(sut.IsReachedBy(new Usd(333_333_334)));
    }

    [Fact]
    public void IsReachedBy_ExactlyTheShare_IsReached()
    {
        var sut = BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.8m, Usd.FromDollars(5m));

        Assert.False(sut.IsReachedBy(new Usd(3_999_999_999)));
        Assert.True(sut.IsReachedBy(new Usd(4_000_000_000)));
    }

    [Fact]
    public void Key_SameShareWrittenTwoWays_IsOneKey_AndAChangedLimitIsAnother()
    {
        var limit = Usd.FromDollars(10m);

        Assert.Equal("max_budget:0.8:10000000000", BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.80m, limit).Key);
        Assert.Equal(BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.8m, limit).Key, BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.800m, limit).Key);
        Assert.NotEqual(BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.8m, limit).Key, BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.8m, Usd.FromDollars(20m)).Key);
        Assert.Equal("soft_budget:1:10000000000", BudgetThreshold.Of(BudgetLimit.SoftBudget, 1m, limit).Key);
    }

    [Fact]
    public void ExhaustsBudget_OnlyTheWholeMaxBudget()
    {
        var limit = Usd.FromDollars(10m);

        Assert.True(BudgetThreshold.Of(BudgetLimit.MaxBudget, 1m, limit).ExhaustsBudget);
        Assert.False(BudgetThreshold.Of(BudgetLimit.MaxBudget, 0.8m, limit).ExhaustsBudget);
        Assert.False(BudgetThreshold.Of(BudgetLimit.SoftBudget, 1m, limit).ExhaustsBudget);
    }

    [Fact]
    public void OfCredit_SharesOfTheCreditLimit_NoneWithoutOne()
    {
        Assert.Equal([8_000_000_000L, 10_000_000_000L], BudgetThresholds.OfCredit(Usd.FromDollars(10m), Default).Select(t => t.Amount.Nanos));
        Assert.All(BudgetThresholds.OfCredit(Usd.FromDollars(10m), Default), t => Assert.Equal(BudgetLimit.CreditLimit, t.Limit));
        Assert.Empty(BudgetThresholds.OfCredit(null, Default));
    }
}

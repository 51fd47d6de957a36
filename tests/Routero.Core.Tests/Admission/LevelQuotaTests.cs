using Routero.Admission;
using Routero.Money;
using Routero.Pricing;
using Routero.Tenancy;

namespace Routero.Core.Tests.Admission;

public sealed class LevelQuotaTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 10 nanodollars per prompt token, 20 per output token.
    private static readonly ModelPrice Price = new(10, 20, 4096);

    private static readonly CostEstimate Estimate = new(PromptTokens: 100, MaxOutputTokens: 50, Price);

    private static LevelQuota Quota(long? budgetNanos = null)
    {
        var sut = new LevelQuota(TimeSpan.FromMinutes(1));
        sut.Budget.Configure(budgetNanos is { } b ? new Usd(b) : null, null, T0, null, T0);
        return sut;
    }

    private static RefusalReason Admit(LevelQuota sut, DateTimeOffset now, out LevelHold hold, int maxOutputTokens = 50) =>
        sut.TryAdmit(now, Estimate, ref maxOutputTokens, out hold, out _);

    [Fact]
    public void TryAdmit_WhenNothingLimits_AdmitsAndHoldsBudgetRateTokensAndASlot()
    {
        var sut = Quota(budgetNanos: 1_000_000);
        var max = 50;

        var reason = sut.TryAdmit(T0, Estimate, ref max, out var hold, out var retryAfter);

        Assert.Equal(RefusalReason.None, reason);
        Assert.Equal(50, max);
        Assert.Equal(new LevelHold(new Usd(100 * 10 + 50 * 20), 100, T0), hold);
        Assert.Equal(TimeSpan.Zero, retryAfter);
        Assert.Equal(1, sut.InFlight);
        Assert.Equal(hold.Budget, sut.Budget.Reserved);
    }

    [Fact]
    public void TryAdmit_WhenBudgetPaysForFewerOutputTokens_LowersMaxOutputTokens()
    {
        var sut = Quota(budgetNanos: 1_000 + 10 * 20);
        var max = 50;

        var reason = sut.TryAdmit(T0, Estimate, ref max, out var hold, out _);

        Assert.Equal(RefusalReason.None, reason);
        Assert.Equal(10, max);
        Assert.Equal(new Usd(1_200), hold.Budget);
    }

    [Fact]
    public void TryAdmit_WhenConcurrencyLimitIsReached_RefusesWithConcurrencyLimited()
    {
        var sut = Quota();
        sut.MaxParallelRequests = 2;
        Admit(sut, T0, out _);
        Admit(sut, T0, out _);

        var reason = Admit(sut, T0, out var hold);

        Assert.Equal(RefusalReason.ConcurrencyLimited, reason);
        Assert.Equal(default, hold);
        Assert.Equal(2, sut.InFlight);
    }

    [Fact]
    public void Release_WhenASlotIsFreed_AdmitsTheNextRequest()
    {
        var sut = Quota();
        sut.MaxParallelRequests = 1;
        Admit(sut, T0, out var first);

        sut.Release(T0, first);
        var reason = Admit(sut, T0, out _);

        Assert.Equal(RefusalReason.None, reason);
        Assert.Equal(1, sut.InFlight);
    }

    [Fact]
    public void Settle_WhenASlotIsFreed_AdmitsTheNextRequest()
    {
        var sut = Quota();
        sut.MaxParallelRequests = 1;
        Admit(sut, T0, out var first);

        sut.Settle(T0, first, Usd.Zero, 0);
        var reason = Admit(sut, T0, out _);

        Assert.Equal(RefusalReason.None, reason);
    }

    [Fact]
    public void TryAdmit_WhenRequestRateIsUsedUp_RefusesWithRequestRateLimitedAndRetryAfter()
    {
        var sut = Quota();
        sut.Rate.RequestLimit = 1;
        Admit(sut, T0, out _);
        var max = 50;

        var reason = sut.TryAdmit(T0.AddSeconds(45), Estimate, ref max, out _, out var retryAfter);

        Assert.Equal(RefusalReason.RequestRateLimited, reason);
        Assert.Equal(TimeSpan.FromSeconds(15), retryAfter);
        Assert.Equal(1, sut.InFlight);
    }

    [Fact]
    public void TryAdmit_WhenTokenRateIsUsedUp_RefusesWithTokenRateLimited()
    {
        var sut = Quota();
        sut.Rate.TokenLimit = 100;
        Admit(sut, T0, out _);
        var max = 50;

        var reason = sut.TryAdmit(T0.AddSeconds(10), Estimate, ref max, out _, out var retryAfter);

        Assert.Equal(RefusalReason.TokenRateLimited, reason);
        Assert.Equal(TimeSpan.FromSeconds(50), retryAfter);
    }

    [Fact]
    public void TryAdmit_WhenBudgetCannotPayThePrompt_RefusesWithBudgetExceeded()
    {
        var sut = Quota(budgetNanos: 1_000);

        var reason = Admit(sut, T0, out var hold);

        Assert.Equal(RefusalReason.BudgetExceeded, reason);
        Assert.Equal(default, hold);
        Assert.Equal(0, sut.InFlight);
        Assert.Equal(Usd.Zero, sut.Budget.Reserved);
    }

    [Fact]
    public void TryAdmit_WhenBudgetRefuses_GivesTheRateTokensItTookBack()
    {
        var sut = Quota(budgetNanos: 1_000);
        sut.Rate.RequestLimit = 1;
        sut.Rate.TokenLimit = 500;

        Admit(sut, T0, out _);

        Assert.Equal(1, sut.Rate.RemainingRequests(T0));
        Assert.Equal(500, sut.Rate.RemainingTokens(T0));
    }

    [Fact]
    public void TryAdmit_WhenBudgetIsRaisedAfterARefusal_AdmitsWithinTheSameRateWindow()
    {
        var sut = Quota(budgetNanos: 1_000);
        sut.Rate.RequestLimit = 1;
        Admit(sut, T0, out _);
        sut.Budget.Configure(new Usd(1_000_000), null, T0, null, T0);

        var reason = Admit(sut, T0.AddSeconds(1), out _);

        Assert.Equal(RefusalReason.None, reason);
    }

    [Fact]
    public void Release_WhenRequestNeverRan_GivesBackBudgetRateAndSlot()
    {
        var sut = Quota(budgetNanos: 1_000_000);
        sut.Rate.RequestLimit = 1;
        sut.Rate.TokenLimit = 1_000;
        Admit(sut, T0, out var hold);

        sut.Release(T0.AddSeconds(1), hold);

        Assert.Equal(0, sut.InFlight);
        Assert.Equal(Usd.Zero, sut.Budget.Reserved);
        Assert.Equal(1, sut.Rate.RemainingRequests(T0.AddSeconds(1)));
        Assert.Equal(1_000, sut.Rate.RemainingTokens(T0.AddSeconds(1)));
    }

    [Fact]
    public void Settle_WhenRequestCompletes_ChargesActualCostAndTokens()
    {
        var sut = Quota(budgetNanos: 1_000_000);
        sut.Rate.TokenLimit = 1_000;
        Admit(sut, T0, out var hold);

        sut.Settle(T0.AddSeconds(1), hold, new Usd(1_500), 130);

        Assert.Equal(0, sut.InFlight);
        Assert.Equal(Usd.Zero, sut.Budget.Reserved);
        Assert.Equal(new Usd(1_500), sut.Budget.WindowSpent);
        Assert.Equal(870, sut.Rate.RemainingTokens(T0.AddSeconds(1)));
    }

    [Fact]
    public void Shrink_WhenAnotherLevelGrantedLess_LowersTheHoldAndTheReservation()
    {
        var sut = Quota(budgetNanos: 1_000_000);
        Admit(sut, T0, out var hold);

        var shrunk = sut.Shrink(hold, new Usd(1_200));

        Assert.Equal(hold with { Budget = new Usd(1_200) }, shrunk);
        Assert.Equal(new Usd(1_200), sut.Budget.Reserved);
    }

    [Fact]
    public void TryAdmit_WhenConcurrencyAndRateAreBothExhausted_ReportsConcurrencyFirst()
    {
        var sut = Quota();
        sut.MaxParallelRequests = 1;
        sut.Rate.RequestLimit = 1;
        Admit(sut, T0, out _);

        var reason = Admit(sut, T0, out _);

        Assert.Equal(RefusalReason.ConcurrencyLimited, reason);
    }

    [Fact]
    public void ToLimits_GivesBackWhatConfigureWasGiven()
    {
        var anchor = new DateTimeOffset(2025, 1, 15, 9, 30, 0, TimeSpan.FromHours(2));
        var limits = new Limits
        {
            MaxBudget = 12.5m, SoftBudget = 0.000000001m, BudgetDuration = "30d", BudgetAnchor = anchor,
            RpmLimit = 60, TpmLimit = 100_000L, MaxParallelRequests = 0,
        };
        var sut = new LevelQuota(TimeSpan.FromMinutes(1));

        sut.Configure(limits, creditLimit: null, T0);

        Assert.Equal(limits, sut.ToLimits());
        Assert.Equal(anchor.Offset, sut.ToLimits().BudgetAnchor.Offset);
    }

    [Fact]
    public void ToLimits_OfNoLimits_IsNoLimits_AndAReconfigureReplacesEveryField()
    {
        var sut = new LevelQuota(TimeSpan.FromMinutes(1));
        sut.Configure(new Limits { MaxBudget = 1m, SoftBudget = 0.5m, BudgetDuration = "1mo", RpmLimit = 1, TpmLimit = 2, MaxParallelRequests = 3, BudgetAnchor = T0 }, null, T0);

        sut.Configure(Limits.None, null, T0);

        Assert.Equal(Limits.None, sut.ToLimits());
    }
}

using Routero.Budgets;
using Routero.Money;
using Routero.RateLimits;

namespace Routero.Admission;

/// <summary>
/// All the admission state of one level of a chain (org, team, user, customer, key, or a key's
/// per-model pin): budget, rate window and concurrency slots. Owned by one grain, used inside its turns.
/// One object per level: the budget and the rate window are structs inside it, reached by reference.
/// </summary>
public sealed class LevelQuota
{
    private BudgetAccount _budget;
    private RateWindow _rate;
    private int _maxParallelPlusOne; // 0: no concurrency limit
    private int _inFlight;

    /// <summary>Creates the quota with the given rate window length.</summary>
    public LevelQuota(TimeSpan rateWindow) => _rate = new RateWindow(rateWindow);

    /// <summary>The level's budget, in place.</summary>
    public ref BudgetAccount Budget => ref _budget;

    /// <summary>The level's rpm/tpm window, in place.</summary>
    public ref RateWindow Rate => ref _rate;

    /// <summary>The level's concurrency limit, if any.</summary>
    public int? MaxParallelRequests
    {
        get => _maxParallelPlusOne > 0 ? _maxParallelPlusOne - 1 : null;
        set => _maxParallelPlusOne = value is { } v ? Math.Clamp(v, 0, int.MaxValue - 1) + 1 : 0;
    }

    /// <summary>Requests admitted and not yet finished.</summary>
    public int InFlight => _inFlight;

    /// <summary>
    /// Tries to admit a request. On success the level holds a slot, rate tokens and a budget reservation,
    /// and <paramref name="maxOutputTokens"/> is lowered to what the budget pays for.
    /// </summary>
    public RefusalReason TryAdmit(DateTimeOffset now, in CostEstimate estimate, ref int maxOutputTokens, out LevelHold hold, out TimeSpan retryAfter)
    {
        hold = default;
        retryAfter = TimeSpan.Zero;
        if (MaxParallelRequests is { } max && _inFlight >= max) return RefusalReason.ConcurrencyLimited;
        if (!_rate.TryAcquire(now, estimate.RateTokens, out retryAfter, out var tokens))
            return tokens ? RefusalReason.TokenRateLimited : RefusalReason.RequestRateLimited;
        if (!_budget.TryReserve(now, estimate.PromptCost, estimate.Price.OutputNanosPerToken, ref maxOutputTokens, out var reserved))
        {
            _rate.Refund(now, now, estimate.RateTokens);
            return RefusalReason.BudgetExceeded;
        }
        _inFlight++;
        hold = new LevelHold(reserved, estimate.RateTokens, now);
        return RefusalReason.None;
    }

    /// <summary>Lowers a hold's budget reservation to <paramref name="to"/> (another level granted fewer tokens).</summary>
    public LevelHold Shrink(LevelHold hold, Usd to)
    {
        _budget.Shrink(hold.Budget, to);
        return hold with { Budget = to };
    }

    /// <summary>Gives back everything a hold took: the request never ran.</summary>
    public void Release(DateTimeOffset now, in LevelHold hold)
    {
        _inFlight--;
        _budget.Release(hold.Budget);
        _rate.Refund(hold.AcquiredAt, now, hold.RateTokens);
    }

    /// <summary>Settles a hold at the request's actual cost and token usage.</summary>
    public void Settle(DateTimeOffset now, in LevelHold hold, Usd actualCost, long actualTokens)
    {
        _inFlight--;
        _budget.Settle(now, hold.Budget, actualCost);
        _rate.Settle(now, hold.RateTokens, actualTokens);
    }
}

/// <summary>What one level holds for one admitted request.</summary>
public readonly record struct LevelHold(Usd Budget, long RateTokens, DateTimeOffset AcquiredAt);

using Routero.Budgets;
using Routero.Money;
using Routero.RateLimits;
using Routero.Tenancy;

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
    private long _softBudgetNanos = NoSoftBudget;

    private const long NoSoftBudget = long.MinValue;

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

    /// <summary>
    /// The level's <c>soft_budget</c>: never enforced, kept so that <see cref="ToLimits"/> gives the alerting threshold back.
    /// </summary>
    public Usd? SoftBudget
    {
        get => _softBudgetNanos == NoSoftBudget ? null : new Usd(_softBudgetNanos);
        set => _softBudgetNanos = value?.Nanos ?? NoSoftBudget;
    }

    /// <summary>Sets every limit of <paramref name="limits"/> (and a key's lifetime <paramref name="creditLimit"/>).</summary>
    public void Configure(Limits limits, Usd? creditLimit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _budget.Configure(limits.MaxBudgetUsd, limits.Duration, limits.BudgetAnchor, creditLimit, now);
        _rate.RequestLimit = limits.RpmLimit;
        _rate.TokenLimit = limits.TpmLimit;
        MaxParallelRequests = limits.MaxParallelRequests;
        SoftBudget = limits.SoftBudget is { } soft ? Usd.FromDollars(soft) : null;
    }

    /// <summary>
    /// The limits this quota enforces, as a <see cref="Limits"/>: what <see cref="Configure"/> was given, with amounts
    /// at the nanodollar that admission uses and the duration in its canonical text (<c>30d</c>). A grain keeps these
    /// instead of its record's own copy.
    /// </summary>
    public Limits ToLimits() => new()
    {
        MaxBudget = _budget.Limit?.ToDollars(),
        SoftBudget = SoftBudget?.ToDollars(),
        BudgetDuration = _budget.Duration?.ToString(),
        BudgetAnchor = _budget.Anchor,
        RpmLimit = _rate.RequestLimit,
        TpmLimit = _rate.TokenLimit,
        MaxParallelRequests = MaxParallelRequests,
    };

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

using Routero.Money;

namespace Routero.Budgets;

/// <summary>
/// One level's budget: a limit per window (<c>max_budget</c> per <c>budget_duration</c>), an optional
/// lifetime cap (<c>credit_limit_usd</c>), what was spent, and what in-flight requests hold reserved.
/// Owned by a single grain, so it is not thread-safe by design. Invariant it keeps:
/// <c>spent + reserved ≤ limit</c> for every limit, as long as settled costs stay within their reservations.
/// </summary>
public sealed class BudgetAccount
{
    private Usd? _limit;
    private BudgetDuration? _duration;
    private DateTimeOffset _anchor;
    private Usd? _creditLimit;

    /// <summary>Start of the current window (the anchor when the budget never resets).</summary>
    public DateTimeOffset WindowStart { get; private set; }

    /// <summary>Spend settled in the current window.</summary>
    public Usd WindowSpent { get; private set; }

    /// <summary>Spend settled over the entity's whole life.</summary>
    public Usd LifetimeSpent { get; private set; }

    /// <summary>Held by admitted requests that have not settled yet.</summary>
    public Usd Reserved { get; private set; }

    /// <summary>The per-window limit, if any.</summary>
    public Usd? Limit => _limit;

    /// <summary>When the current window ends, or null when the budget never resets.</summary>
    public DateTimeOffset? WindowEnd => _duration?.WindowEnd(_anchor, WindowStart);

    /// <summary>Sets the limits. Spend and reservations are kept; a changed duration re-anchors windows at <paramref name="anchor"/>.</summary>
    public void Configure(Usd? limit, BudgetDuration? duration, DateTimeOffset anchor, Usd? creditLimit, DateTimeOffset now)
    {
        var durationChanged = _duration != duration || _anchor != anchor;
        (_limit, _duration, _anchor, _creditLimit) = (limit, duration, anchor, creditLimit);
        if (durationChanged)
        {
            // Spend so far stays counted in the re-anchored window: changing a duration is no way to reset spend.
            WindowStart = duration?.WindowStart(anchor, now) ?? anchor;
        }
        Roll(now);
    }

    /// <summary>Restores persisted counters (at activation).</summary>
    public void Restore(DateTimeOffset windowStart, Usd windowSpent, Usd lifetimeSpent, DateTimeOffset now)
    {
        (WindowStart, WindowSpent, LifetimeSpent) = (windowStart, windowSpent, lifetimeSpent);
        Roll(now);
    }

    /// <summary>What may still be reserved now: the tightest of the window limit and the lifetime cap.</summary>
    public Usd Remaining(DateTimeOffset now)
    {
        Roll(now);
        var remaining = Usd.MaxValue;
        if (_limit is { } limit) remaining = limit - WindowSpent - Reserved;
        if (_creditLimit is { } credit) remaining = Usd.Min(remaining, credit - LifetimeSpent - Reserved);
        return remaining;
    }

    /// <summary>True when no limit of any kind is set.</summary>
    public bool IsUnlimited => _limit is null && _creditLimit is null;

    /// <summary>
    /// Reserves the prompt's cost plus as many output tokens as the remainder pays for, up to
    /// <paramref name="maxOutputTokens"/>, which is lowered to what was granted.
    /// Refuses when not even the prompt and one output token can be paid for.
    /// </summary>
    public bool TryReserve(DateTimeOffset now, Usd promptCost, long outputNanosPerToken, ref int maxOutputTokens, out Usd reserved)
    {
        reserved = Usd.Zero;
        if (IsUnlimited)
        {
            reserved = new Usd(promptCost.Nanos + outputNanosPerToken * maxOutputTokens);
            Reserved += reserved;
            return true;
        }
        var remaining = Remaining(now);
        if (remaining.Nanos <= 0 || remaining < promptCost + new Usd(outputNanosPerToken)) return false;
        if (outputNanosPerToken > 0)
        {
            var affordable = (remaining - promptCost).Nanos / outputNanosPerToken;
            if (affordable < maxOutputTokens) maxOutputTokens = (int)affordable;
        }
        reserved = new Usd(promptCost.Nanos + outputNanosPerToken * maxOutputTokens);
        Reserved += reserved;
        return true;
    }

    /// <summary>Gives back part of a reservation (another level granted fewer output tokens).</summary>
    public void Shrink(Usd from, Usd to) => Reserved -= from - to;

    /// <summary>Gives back a whole reservation: the request was refused elsewhere or failed before it cost anything.</summary>
    public void Release(Usd reserved) => Reserved -= reserved;

    /// <summary>Turns a reservation into spend of the actual cost.</summary>
    public void Settle(DateTimeOffset now, Usd reserved, Usd actual)
    {
        Roll(now);
        Reserved -= reserved;
        WindowSpent += actual;
        LifetimeSpent += actual;
    }

    /// <summary>The counters to persist for the level <paramref name="kind"/>/<paramref name="id"/>.</summary>
    public Storage.BudgetCounter ToCounter(Tenancy.EntityKind kind, string id) =>
        new(kind, id, WindowStart, WindowSpent.Nanos, LifetimeSpent.Nanos);

    /// <summary>Restores persisted counters.</summary>
    public void Restore(Storage.BudgetCounter counter, DateTimeOffset now) =>
        Restore(counter.WindowStart, new Usd(counter.WindowSpentNanos), new Usd(counter.LifetimeSpentNanos), now);

    /// <summary>Moves to the window that contains <paramref name="now"/>, forgetting the old window's spend.</summary>
    private void Roll(DateTimeOffset now)
    {
        if (_duration is not { } duration || now < duration.WindowEnd(_anchor, WindowStart)) return;
        WindowStart = duration.WindowStart(_anchor, now);
        WindowSpent = Usd.Zero;
    }
}

using Routero.Money;
using Routero.Tenancy;

namespace Routero.Budgets;

/// <summary>
/// One level's budget: a limit per window (<c>max_budget</c> per <c>budget_duration</c>), an optional
/// lifetime cap (<c>credit_limit_usd</c>), what was spent, and what in-flight requests hold reserved.
/// Owned by a single grain, so it is not thread-safe by design. Invariant it keeps:
/// <c>spent + reserved ≤ limit</c> for every limit, as long as settled costs stay within their reservations.
/// </summary>
/// <remarks>
/// A mutable struct, kept inline in its level's quota (a silo holds one per grain, hundreds of thousands of
/// them, and an object of its own cost a header, a reference and nullable wrappers: 128 bytes against 88; the
/// anchor and the duration packed as ticks, offset, count and unit make it 72).
/// Keep it in a field or a local and use it in place; a copy is a different account.
/// </remarks>
public struct BudgetAccount
{
    private const byte HasLimit = 1, HasCredit = 2, HasDuration = 4;

    private long _anchorTicks;        // the anchor's own clock ticks, in _anchorOffsetMinutes
    private long _windowStartTicks;   // UTC ticks; the anchor's when the budget never resets
    private long _windowEndTicks;     // UTC ticks; long.MaxValue when the budget never resets
    private long _limitNanos;
    private long _creditNanos;
    private long _windowSpentNanos;
    private long _lifetimeSpentNanos;
    private long _reservedNanos;
    private int _durationCount;
    private short _anchorOffsetMinutes;
    private byte _durationUnit;
    private byte _set;

    /// <summary>When windows are counted from.</summary>
    public readonly DateTimeOffset Anchor => PackedInstant.Unpack(_anchorTicks, _anchorOffsetMinutes);

    /// <summary>Start of the current window (the anchor when the budget never resets), in the anchor's offset.</summary>
    public readonly DateTimeOffset WindowStart => new DateTimeOffset(_windowStartTicks, TimeSpan.Zero).ToOffset(PackedInstant.Offset(_anchorOffsetMinutes));

    /// <summary>Spend settled in the current window.</summary>
    public readonly Usd WindowSpent => new(_windowSpentNanos);

    /// <summary>Spend settled over the entity's whole life.</summary>
    public readonly Usd LifetimeSpent => new(_lifetimeSpentNanos);

    /// <summary>Held by admitted requests that have not settled yet.</summary>
    public readonly Usd Reserved => new(_reservedNanos);

    /// <summary>The per-window limit, if any.</summary>
    public readonly Usd? Limit => (_set & HasLimit) != 0 ? new Usd(_limitNanos) : null;

    /// <summary>When the current window ends, or null when the budget never resets.</summary>
    public readonly DateTimeOffset? WindowEnd =>
        (_set & HasDuration) != 0 ? new DateTimeOffset(_windowEndTicks, TimeSpan.Zero).ToOffset(PackedInstant.Offset(_anchorOffsetMinutes)) : null;

    /// <summary>True when no limit of any kind is set.</summary>
    public readonly bool IsUnlimited => (_set & (HasLimit | HasCredit)) == 0;

    /// <summary>How often the window resets, or null when it never does.</summary>
    public readonly BudgetDuration? Duration =>
        (_set & HasDuration) != 0 ? new BudgetDuration(_durationCount, (DurationUnit)_durationUnit) : null;

    /// <summary>Sets the limits. Spend and reservations are kept; a changed duration re-anchors windows at <paramref name="anchor"/>.</summary>
    public void Configure(Usd? limit, BudgetDuration? duration, DateTimeOffset anchor, Usd? creditLimit, DateTimeOffset now)
    {
        var durationChanged = Duration != duration || Anchor != anchor;
        _limitNanos = limit?.Nanos ?? 0;
        _creditNanos = creditLimit?.Nanos ?? 0;
        (_durationCount, _durationUnit) = duration is { } d ? (d.Count, (byte)d.Unit) : (0, (byte)0);
        (_anchorTicks, _anchorOffsetMinutes) = PackedInstant.Pack(anchor);
        _set = (byte)((limit is null ? 0 : HasLimit) | (creditLimit is null ? 0 : HasCredit) | (duration is null ? 0 : HasDuration));
        if (durationChanged)
        {
            // Spend so far stays counted in the re-anchored window: changing a duration is no way to reset spend.
            StartWindow(duration?.WindowStart(anchor, now) ?? anchor);
        }
        Roll(now);
    }

    /// <summary>Restores persisted counters (at activation).</summary>
    public void Restore(DateTimeOffset windowStart, Usd windowSpent, Usd lifetimeSpent, DateTimeOffset now)
    {
        StartWindow(windowStart);
        (_windowSpentNanos, _lifetimeSpentNanos) = (windowSpent.Nanos, lifetimeSpent.Nanos);
        Roll(now);
    }

    /// <summary>What may still be reserved now: the tightest of the window limit and the lifetime cap.</summary>
    public Usd Remaining(DateTimeOffset now)
    {
        Roll(now);
        var remaining = Usd.MaxValue;
        if ((_set & HasLimit) != 0) remaining = new Usd(_limitNanos) - WindowSpent - Reserved;
        if ((_set & HasCredit) != 0) remaining = Usd.Min(remaining, new Usd(_creditNanos) - LifetimeSpent - Reserved);
        return remaining;
    }

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
            _reservedNanos = (Reserved + reserved).Nanos;
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
        _reservedNanos = (Reserved + reserved).Nanos;
        return true;
    }

    /// <summary>Gives back part of a reservation (another level granted fewer output tokens).</summary>
    public void Shrink(Usd from, Usd to) => _reservedNanos = (Reserved - (from - to)).Nanos;

    /// <summary>Gives back a whole reservation: the request was refused elsewhere or failed before it cost anything.</summary>
    public void Release(Usd reserved) => _reservedNanos = (Reserved - reserved).Nanos;

    /// <summary>Turns a reservation into spend of the actual cost.</summary>
    public void Settle(DateTimeOffset now, Usd reserved, Usd actual)
    {
        Roll(now);
        _reservedNanos = (Reserved - reserved).Nanos;
        _windowSpentNanos = (WindowSpent + actual).Nanos;
        _lifetimeSpentNanos = (LifetimeSpent + actual).Nanos;
    }

    /// <summary>Restores persisted counters.</summary>
    public void Restore(Storage.BudgetCounter counter, DateTimeOffset now) =>
        Restore(counter.WindowStart, new Usd(counter.WindowSpentNanos), new Usd(counter.LifetimeSpentNanos), now);

    // The window's end is worked out once per window, so the hot path's roll is one comparison.
    private void StartWindow(DateTimeOffset start)
    {
        _windowStartTicks = start.UtcTicks;
        _windowEndTicks = Duration is { } duration ? duration.WindowEnd(Anchor, start).UtcTicks : long.MaxValue;
    }

    /// <summary>Moves to the window that contains <paramref name="now"/>, forgetting the old window's spend.</summary>
    private void Roll(DateTimeOffset now)
    {
        if (now.UtcTicks < _windowEndTicks || Duration is not { } duration) return;
        StartWindow(duration.WindowStart(Anchor, now));
        _windowSpentNanos = 0;
    }
}

using System.Globalization;

namespace Routero.Budgets;

/// <summary>
/// A budget or key-lifetime duration as the admin API writes it: <c>30s</c>, <c>30m</c>, <c>1h</c>,
/// <c>1d</c>, <c>2w</c>, <c>1mo</c>. Months are calendar months, so "1mo" windows end on the
/// same day of the month as they started.
/// </summary>
public readonly record struct BudgetDuration(int Count, DurationUnit Unit)
{
    /// <summary>Parses a duration; returns false for anything that is not a positive count and a known unit.</summary>
    public static bool TryParse(string? text, out BudgetDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits])) digits++;
        if (digits == 0 || !int.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            return false;
        DurationUnit? unit = s[digits..] switch
        {
            "s" => DurationUnit.Second,
            "m" => DurationUnit.Minute,
            "h" => DurationUnit.Hour,
            "d" => DurationUnit.Day,
            "w" => DurationUnit.Week,
            "mo" => DurationUnit.Month,
            _ => null,
        };
        if (unit is null || count > MaxCount(unit.Value)) return false;
        duration = new BudgetDuration(count, unit.Value);
        return true;
    }

    /// <summary>The largest count accepted per unit: about a century, so adding a duration to a date never overflows.</summary>
    private static int MaxCount(DurationUnit unit) => unit switch
    {
        DurationUnit.Second => int.MaxValue, // 68 years
        DurationUnit.Minute => 36_500 * 1_440,
        DurationUnit.Hour => 36_500 * 24,
        DurationUnit.Day => 36_500,
        DurationUnit.Week => 36_500 / 7,
        _ => 1_200,
    };

    /// <summary>Parses a duration or throws a <see cref="FormatException"/> that says what is accepted.</summary>
    public static BudgetDuration Parse(string text) =>
        TryParse(text, out var d) ? d
            : throw new FormatException($"'{text}' is not a duration; use a whole number and s, m, h, d, w or mo (e.g. 30m, 1d, 1mo).");

    /// <summary>Adds this duration to an instant.</summary>
    public DateTimeOffset AddTo(DateTimeOffset instant) => Unit switch
    {
        DurationUnit.Month => instant.AddMonths(Count),
        _ => instant + FixedLength,
    };

    /// <summary>
    /// The end of the window that starts at <paramref name="windowStart"/>, for windows laid end to end from
    /// <paramref name="anchor"/>. Month windows are counted from the anchor, not from their own start, so a
    /// window that began on a clamped day (Feb 28 for a Jan 31 anchor) still ends on the anchor's day (Mar 31).
    /// </summary>
    public DateTimeOffset WindowEnd(DateTimeOffset anchor, DateTimeOffset windowStart)
    {
        if (Unit != DurationUnit.Month) return windowStart + FixedLength;
        var months = Math.Max(0, ((windowStart.Year - anchor.Year) * 12 + windowStart.Month - anchor.Month) / Count * Count);
        while (anchor.AddMonths(months + Count) <= windowStart) months += Count;
        return anchor.AddMonths(months + Count);
    }

    /// <summary>The start of the window that contains <paramref name="now"/>, for windows laid end to end from <paramref name="anchor"/>.</summary>
    public DateTimeOffset WindowStart(DateTimeOffset anchor, DateTimeOffset now)
    {
        if (now <= anchor) return anchor;
        if (Unit != DurationUnit.Month)
        {
            var len = FixedLength.Ticks;
            return anchor.AddTicks((now - anchor).Ticks / len * len);
        }
        // Calendar months: estimate, then step to the exact window.
        var months = ((now.Year - anchor.Year) * 12 + now.Month - anchor.Month) / Count * Count;
        var start = anchor.AddMonths(months);
        while (start > now) start = anchor.AddMonths(months -= Count);
        while (anchor.AddMonths(months + Count) <= now) start = anchor.AddMonths(months += Count);
        return start;
    }

    private TimeSpan FixedLength => Unit switch
    {
        DurationUnit.Second => TimeSpan.FromSeconds(Count),
        DurationUnit.Minute => TimeSpan.FromMinutes(Count),
        DurationUnit.Hour => TimeSpan.FromHours(Count),
        DurationUnit.Day => TimeSpan.FromDays(Count),
        DurationUnit.Week => TimeSpan.FromDays(7 * Count),
        _ => throw new InvalidOperationException("Months have no fixed length."),
    };

    /// <inheritdoc />
    public override string ToString() => Count.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        DurationUnit.Second => "s", DurationUnit.Minute => "m", DurationUnit.Hour => "h",
        DurationUnit.Day => "d", DurationUnit.Week => "w", _ => "mo",
    };
}

/// <summary>The unit of a <see cref="BudgetDuration"/>.</summary>
public enum DurationUnit { Second, Minute, Hour, Day, Week, Month }

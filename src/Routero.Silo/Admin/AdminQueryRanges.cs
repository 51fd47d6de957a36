using System.Collections.Frozen;
using System.Globalization;
using Routero.Errors;

namespace Routero.Admin;

/// <summary>
/// Query-string reads the report and audit routes share: no unknown parameters, date and instant ranges, and
/// bounded pages. Every failure is a 400 naming the parameter.
/// </summary>
internal static class AdminQueryRanges
{
    private static readonly string[] DayFormats = ["yyyy-MM-dd"];

    /// <summary>Refuses the first parameter not in <paramref name="allowed"/>: a misspelt filter must not silently widen a report.</summary>
    public static void RejectUnknown(HttpContext http, FrozenSet<string> allowed)
    {
        foreach (var (name, _) in http.Request.Query)
            if (!allowed.Contains(name)) throw Bad(name, "unknown parameter");
    }

    /// <summary>A UTC day (<c>YYYY-MM-DD</c>), or null when absent.</summary>
    public static DateOnly? Day(HttpContext http, string name) =>
        AdminQuery.String(http, name) is not { } text ? null
        : DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw Bad(name, $"'{text}' is not a date; use YYYY-MM-DD");

    /// <summary>
    /// A range of whole UTC days from <c>start_date</c> to <c>end_date</c> (both inclusive, both required), at most
    /// <paramref name="maxDays"/> days long.
    /// </summary>
    public static (DateOnly From, DateOnly To) Days(HttpContext http, int maxDays)
    {
        var from = Day(http, "start_date") ?? throw Bad("start_date", "is required (YYYY-MM-DD)");
        var to = Day(http, "end_date") ?? throw Bad("end_date", "is required (YYYY-MM-DD)");
        if (to < from) throw Bad("end_date", "must not be before start_date");
        if (to.DayNumber - from.DayNumber + 1 > maxDays) throw Bad("end_date", $"the range may span at most {maxDays} days");
        return (from, to);
    }

    /// <summary>
    /// An optional range of instants: each bound a date (<c>YYYY-MM-DD</c>: <c>start_date</c> from its first instant,
    /// <c>end_date</c> through its last) or an ISO-8601 timestamp (UTC unless it says otherwise, both bounds inclusive).
    /// Returns the start (inclusive) and the end (exclusive), as storage takes them.
    /// </summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Instants(HttpContext http)
    {
        var from = Instant(http, "start_date", endOfDay: false);
        var to = Instant(http, "end_date", endOfDay: true);
        if (from is { } f && to is { } t && t <= f) throw Bad("end_date", "must not be before start_date");
        return (from, to);
    }

    /// <summary>A 1-based page and a page size of at most <paramref name="maxSize"/>: never an unbounded read.</summary>
    public static (int Page, int Size, int Offset) Paging(HttpContext http, int defaultSize, int maxSize)
    {
        var page = AdminQuery.Int(http, "page", 1, 1, 1_000_000);
        var size = AdminQuery.Int(http, "page_size", defaultSize, 1, maxSize);
        return (page, size, (int)Math.Min(int.MaxValue, (long)(page - 1) * size));
    }

    /// <summary>A 400 naming a parameter.</summary>
    public static ApiException Bad(string name, string message) => new(ApiError.BadRequest($"{name}: {message}", name));

    private static DateTimeOffset? Instant(HttpContext http, string name, bool endOfDay)
    {
        if (AdminQuery.String(http, name) is not { } text) return null;
        if (DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset((endOfDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || !text.Contains('T', StringComparison.Ordinal))
            throw Bad(name, $"'{text}' is not a date (YYYY-MM-DD) or an ISO-8601 timestamp");
        // An inclusive end instant is an exclusive bound one tick later.
        return endOfDay ? at.ToUniversalTime().AddTicks(1) : at.ToUniversalTime();
    }
}

using System.Text.Json.Nodes;
using Routero.Money;
using Routero.Storage;

namespace Routero.Reports;

/// <summary>
/// LiteLLM's activity shapes: <c>metrics</c> (spend in dollars, exact from nanodollars), and the answer's
/// <c>metadata</c> (the totals of the whole range, and where the page stands).
/// </summary>
internal static class ActivityJson
{
    /// <summary>A <c>metrics</c> object. Routero does not cache prompts, so the cache token counts are 0.</summary>
    public static JsonObject Metrics(DailySpendTotals t) => new()
    {
        ["spend"] = new Usd(t.SpendNanos).ToDollars(),
        ["prompt_tokens"] = t.PromptTokens,
        ["completion_tokens"] = t.CompletionTokens,
        ["cache_read_input_tokens"] = 0,
        ["cache_creation_input_tokens"] = 0,
        ["total_tokens"] = t.PromptTokens + t.CompletionTokens,
        ["api_requests"] = t.Requests,
        ["successful_requests"] = t.Successful,
        ["failed_requests"] = t.Failed,
    };

    /// <summary>An answer's <c>metadata</c>.</summary>
    public static JsonObject Metadata(DailySpendTotals t, DayPages pages, int page) => new()
    {
        ["total_spend"] = new Usd(t.SpendNanos).ToDollars(),
        ["total_prompt_tokens"] = t.PromptTokens,
        ["total_completion_tokens"] = t.CompletionTokens,
        ["total_tokens"] = t.PromptTokens + t.CompletionTokens,
        ["total_api_requests"] = t.Requests,
        ["total_successful_requests"] = t.Successful,
        ["total_failed_requests"] = t.Failed,
        ["total_cache_read_input_tokens"] = 0,
        ["total_cache_creation_input_tokens"] = 0,
        ["page"] = page,
        ["page_size"] = pages.Size,
        ["total_pages"] = pages.Count,
        ["has_more"] = page < pages.Count,
        ["start_date"] = pages.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["end_date"] = pages.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary><c>{metrics, metadata}</c>.</summary>
    public static JsonObject WithMetadata(DailySpendTotals t, JsonObject? metadata = null) => new()
    {
        ["metrics"] = Metrics(t),
        ["metadata"] = metadata ?? [],
    };

    /// <summary>The sum of rows.</summary>
    public static DailySpendTotals Sum(IEnumerable<DailySpendRow> rows) =>
        rows.Aggregate(DailySpendTotals.Zero, (sum, row) => sum.Plus(DailySpendTotals.Of(row)));
}

/// <summary>
/// A range of days cut into pages of <see cref="Size"/> calendar days: page 1 starts at <see cref="From"/>, the last
/// ends at <see cref="To"/>. A page lists the days of its window that had activity.
/// </summary>
internal sealed record DayPages(DateOnly From, DateOnly To, int Size)
{
    /// <summary>How many pages the range has.</summary>
    public int Count => (To.DayNumber - From.DayNumber + Size) / Size;

    /// <summary>The days of a page (a page past the last has none).</summary>
    public (DateOnly From, DateOnly To)? Window(int page)
    {
        if (page > Count) return null;
        var first = From.AddDays((page - 1) * Size);
        var last = first.AddDays(Size - 1);
        return (first, last > To ? To : last);
    }
}

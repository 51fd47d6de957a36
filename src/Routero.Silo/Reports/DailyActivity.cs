using System.Text.Json.Nodes;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// The daily activity answer LiteLLM's <c>/*/daily/activity</c> routes give: per day with activity, the metrics of the
/// selected levels summed, broken down by model (and within it by key), by key, and by level (<c>entities</c>); then
/// the totals of the whole range. It reads the daily aggregates, never the spend log.
/// </summary>
internal static class DailyActivity
{
    /// <summary>The longest range one report may span.</summary>
    public const int MaxDays = 366;

    /// <summary>Days per page unless <c>page_size</c> says otherwise: a month fits on one page.</summary>
    public const int DefaultDays = 31;

    /// <summary>The report of <paramref name="selection"/> over the request's range, page, model and key.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, SiloRuntime runtime, ActivitySelection selection, ReportDirectory directory)
    {
        var (from, to) = AdminQueryRanges.Days(http, MaxDays);
        var (page, size, _) = AdminQueryRanges.Paging(http, DefaultDays, MaxDays);
        selection = selection.Narrowed(AdminQuery.String(http, "model"), await KeyFilterAsync(http, runtime));
        // Spend still queued on this silo would be missing from a report asked for right after the requests.
        await SpendReads.FlushAsync(runtime);
        var pages = new DayPages(from, to, size);
        var rows = pages.Window(page) is { } window ? await RowsAsync(runtime, selection, window.From, window.To) : [];
        var totals = await TotalsAsync(runtime, selection, from, to);
        var results = new JsonArray();
        foreach (var day in rows.GroupBy(r => r.Day).OrderBy(g => g.Key))
            results.Add(await DayAsync(day.Key, [.. day], selection, directory));
        return AdminJson.Ok(new JsonObject { ["results"] = results, ["metadata"] = ActivityJson.Metadata(totals, pages, page) });
    }

    /// <summary>The internal id of the key named by <c>api_key</c> (a key or its token), checked like any key the caller loads.</summary>
    private static async Task<string?> KeyFilterAsync(HttpContext http, SiloRuntime runtime)
    {
        if (AdminQuery.String(http, "api_key") is not { } passed) return null;
        var key = await KeyLookup.GetAsync(runtime, passed, "api_key");
        return key.Record.KeyId;
    }

    private static async Task<List<DailySpendRow>> RowsAsync(SiloRuntime runtime, ActivitySelection selection, DateOnly from, DateOnly to)
    {
        var rows = new List<DailySpendRow>();
        foreach (var query in selection.Queries)
            rows.AddRange(await runtime.Store.ListDailySpendReportAsync(query with { From = from, To = to }));
        if (selection.KeyAdmits is not { } admits) return rows;
        var kept = new List<DailySpendRow>(rows.Count);
        foreach (var row in rows)
            if (await admits(row.KeyId)) kept.Add(row);
        return kept;
    }

    /// <summary>Storage sums the range; only a report that drops some keys' rows has to add them up itself.</summary>
    private static async Task<DailySpendTotals> TotalsAsync(SiloRuntime runtime, ActivitySelection selection, DateOnly from, DateOnly to)
    {
        if (selection.KeyAdmits is not null) return ActivityJson.Sum(await RowsAsync(runtime, selection, from, to));
        var totals = DailySpendTotals.Zero;
        foreach (var query in selection.Queries)
            totals = totals.Plus(await runtime.Store.SumDailySpendAsync(query with { From = from, To = to }));
        return totals;
    }

    private static async Task<JsonObject> DayAsync(DateOnly day, List<DailySpendRow> rows, ActivitySelection selection, ReportDirectory directory)
    {
        var models = new JsonObject();
        foreach (var model in rows.GroupBy(r => r.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entry = ActivityJson.WithMetadata(ActivityJson.Sum(model));
            entry["api_key_breakdown"] = await KeysAsync(model, directory);
            models[model.Key] = entry;
        }
        var entities = new JsonObject();
        foreach (var level in rows.GroupBy(r => r.LevelId).OrderBy(g => g.Key, StringComparer.Ordinal))
            entities[selection.EntityName(level.Key)] = ActivityJson.WithMetadata(ActivityJson.Sum(level), await EntityMetadataAsync(selection.Kind, level.Key, directory));
        return new JsonObject
        {
            ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["metrics"] = ActivityJson.Metrics(ActivityJson.Sum(rows)),
            ["breakdown"] = new JsonObject { ["models"] = models, ["api_keys"] = await KeysAsync(rows, directory), ["entities"] = entities },
        };
    }

    /// <summary>Per key, by internal key id (never the key's hash), with its alias, masked form and team.</summary>
    private static async Task<JsonObject> KeysAsync(IEnumerable<DailySpendRow> rows, ReportDirectory directory)
    {
        var keys = new JsonObject();
        foreach (var key in rows.GroupBy(r => r.KeyId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var record = await directory.KeyAsync(key.Key);
            keys[key.Key] = ActivityJson.WithMetadata(ActivityJson.Sum(key), new JsonObject
            {
                ["key_alias"] = record?.KeyAlias,
                ["key_name"] = record?.KeyName,
                ["team_id"] = record?.TeamId,
            });
        }
        return keys;
    }

    private static async Task<JsonObject> EntityMetadataAsync(EntityKind kind, string levelId, ReportDirectory directory) =>
        kind == EntityKind.Team ? new JsonObject { ["team_alias"] = (await directory.TeamAsync(levelId))?.TeamAlias } : [];
}

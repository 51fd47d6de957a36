using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using Routero.Admin;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// <c>GET /billing/daily-spend</c>: one organization's spend per UTC day (from its daily aggregates' totals) broken
/// down by team, read from the spend log so a team moved or deleted since is still charged what it spent while it
/// was the organization's. Keys of no team are summed under <c>no_team</c>. The organization comes from
/// <c>organization_id</c> or <c>X-Organization-Id</c>; only callers who read the whole organization's spend get it
/// (a team admin's view is <c>/team/daily/activity</c>).
/// </summary>
internal static class BillingReport
{
    private static readonly FrozenSet<string> Parameters = Fields.Of(["organization_id", "start_date", "end_date", "page", "page_size"]);

    /// <summary>Answers the billing report.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, Parameters);
        var reader = SpendReader.Of(http);
        var (active, orgParam) = ReportOrganization.Active(http);
        var org = active ?? throw AdminQueryRanges.Bad("organization_id", $"is required (or send {AdminIds.OrganizationHeader})");
        if (!reader.Unrestricted) ActivitySelectors.RequireOrganization(reader, org, orgParam);
        var (from, to) = AdminQueryRanges.Days(http, DailyActivity.MaxDays);
        var (page, size, _) = AdminQueryRanges.Paging(http, DailyActivity.DefaultDays, DailyActivity.MaxDays);
        await SpendReads.FlushAsync(runtime);
        var pages = new DayPages(from, to, size);
        var rows = pages.Window(page) is { } window ? await runtime.Store.ListDailyTeamSpendAsync(org, window.From, window.To) : [];
        var totals = await runtime.Store.SumDailySpendAsync(new DailySpendReportQuery(EntityKind.Organization, from, to) { LevelIds = [org] });
        var directory = new ReportDirectory(runtime);
        var results = new JsonArray();
        foreach (var day in rows.GroupBy(r => r.Day).OrderBy(g => g.Key)) results.Add(await DayAsync(day.Key, [.. day], directory));
        return AdminJson.Ok(new JsonObject
        {
            ["organization_id"] = org,
            ["results"] = results,
            ["metadata"] = ActivityJson.Metadata(totals, pages, page),
        });
    }

    private static async Task<JsonObject> DayAsync(DateOnly day, List<DailyTeamSpendRow> rows, ReportDirectory directory)
    {
        var teams = new JsonObject();
        foreach (var row in rows.Where(r => r.TeamId is not null))
            teams[row.TeamId!] = ActivityJson.WithMetadata(row.Totals, new JsonObject { ["team_alias"] = (await directory.TeamAsync(row.TeamId!))?.TeamAlias });
        var breakdown = new JsonObject { ["teams"] = teams };
        if (rows.FirstOrDefault(r => r.TeamId is null) is { } noTeam) breakdown["no_team"] = ActivityJson.WithMetadata(noTeam.Totals);
        return new JsonObject
        {
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["metrics"] = ActivityJson.Metrics(rows.Aggregate(DailySpendTotals.Zero, (sum, r) => sum.Plus(r.Totals))),
            ["breakdown"] = breakdown,
        };
    }
}

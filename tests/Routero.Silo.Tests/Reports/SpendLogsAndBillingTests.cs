using System.Net;
using System.Text.Json.Nodes;

namespace Routero.Silo.Tests.Reports;

/// <summary><c>/spend/logs</c> (paged, filtered, restricted to what the caller sees) and <c>/billing/daily-spend</c> (an organization by team).</summary>
public sealed class SpendLogsAndBillingTests(ReportWorld world) : IClassFixture<ReportWorld>
{
    private const string BothDays = $"start_date={ReportWorld.Day1}&end_date={ReportWorld.Day2}";

    [Fact]
    public async Task SpendLogs_PageNewestFirst()
    {
        var page1 = (await world.GetAsync($"/spend/logs?team_id={world.Team1}&page_size=3")).Ok().Object;
        var page2 = (await world.GetAsync($"/spend/logs?team_id={world.Team1}&page_size=3&page=2")).Ok().Object;

        Assert.Equal((4, 2, 3), (page1["total"]!.GetValue<int>(), page1["total_pages"]!.GetValue<int>(), Rows(page1).Count));
        var times = Rows(page1).Concat(Rows(page2)).Select(r => r["endTime"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.StartsWith(ReportWorld.Day2, Rows(page1)[0]["endTime"]!.GetValue<string>());
        Assert.Equal(0.1m, Rows(page1)[0]["spend"]!.GetValue<decimal>());
        Assert.Single(Rows(page2));
    }

    [Fact]
    public async Task SpendLogs_Filters()
    {
        var byKey = (await world.GetAsync($"/spend/logs?api_key={world.Key2}")).Ok().Object;
        var byModel = (await world.GetAsync($"/spend/logs?team_id={world.Team2}&model=test/echo")).Ok().Object;
        var alice = (await world.GetAsync($"/spend/logs?end_user=alice&organization_id={world.Org1}")).Ok().Object;
        var everyAlice = (await world.GetAsync("/spend/logs?end_user=alice")).Ok().Object;
        var secondDay = (await world.GetAsync($"/spend/logs?organization_id={world.Org1}&start_date={ReportWorld.Day2}")).Ok().Object;
        var firstDay = (await world.GetAsync($"/spend/logs?organization_id={world.Org1}&end_date={ReportWorld.Day1}")).Ok().Object;
        var requestId = Rows(byKey)[0]["request_id"]!.GetValue<string>();
        var one = (await world.GetAsync($"/spend/logs?request_id={requestId}")).Ok().Object;

        Assert.Equal(2, byKey["total"]!.GetValue<int>());
        Assert.Equal(await world.KeyIdAsync(world.Key2), Rows(byKey)[0]["key_id"]!.GetValue<string>());
        Assert.Equal(["test/echo"], Rows(byModel).Select(r => r["model"]!.GetValue<string>()));
        Assert.Equal(3, alice["total"]!.GetValue<int>());
        Assert.Equal(4, everyAlice["total"]!.GetValue<int>());
        Assert.Equal(2, secondDay["total"]!.GetValue<int>());
        Assert.Equal(5, firstDay["total"]!.GetValue<int>());
        Assert.Equal(requestId, Assert.Single(Rows(one))["request_id"]!.GetValue<string>());
        Assert.DoesNotContain(world.Token2, byKey.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpendLogs_PageSizeIsBounded()
    {
        var answer = (await world.GetAsync("/spend/logs")).Ok().Object;

        Assert.Equal(50, answer["page_size"]!.GetValue<int>());
        (await world.GetAsync("/spend/logs?page_size=501")).Fails(HttpStatusCode.BadRequest, "page_size");
        (await world.GetAsync("/spend/logs?start_date=today")).Fails(HttpStatusCode.BadRequest, "start_date");
        (await world.GetAsync("/spend/logs?start_date=2026-01-02&end_date=2026-01-01")).Fails(HttpStatusCode.BadRequest, "end_date");
        (await world.GetAsync("/spend/logs?summarize=false")).Fails(HttpStatusCode.BadRequest, "summarize");
    }

    [Fact]
    public async Task SpendLogs_Developer_SeesOnlyTheirOwnRecords()
    {
        var own = (await world.GetAsync("/spend/logs", world.Key1)).Ok().Object;

        Assert.Equal(5, own["total"]!.GetValue<int>());
        Assert.All(Rows(own), r => Assert.Equal(world.Developer, r["user"]!.GetValue<string>()));
        (await world.GetAsync($"/spend/logs?team_id={world.Team2}", world.Key1)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/spend/logs?api_key={world.Key2}", world.Key1)).Fails(HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task SpendLogs_TeamAdmin_SeesTheTeamsRecords_AlsoOfAMember()
    {
        var all = (await world.GetAsync("/spend/logs", world.TeamAdminKey)).Ok().Object;
        var member = (await world.GetAsync($"/spend/logs?user_id={world.Developer}", world.TeamAdminKey)).Ok().Object;

        Assert.Equal(4, all["total"]!.GetValue<int>());
        Assert.All(Rows(all), r => Assert.Equal(world.Team1, r["team_id"]!.GetValue<string>()));
        // The member's records through the team's keys, not those of their personal key.
        Assert.Equal(4, member["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Billing_BreaksTheOrganizationDownByTeam()
    {
        var answer = await world.GetAsync($"/billing/daily-spend?{BothDays}", world.AuditorKey, world.Org1);

        Assert.Equal(world.Org1, answer.Object["organization_id"]!.GetValue<string>());
        var results = answer.Results();
        Assert.Equal([ReportWorld.Day1, ReportWorld.Day2], results.Dates());
        var day1 = results[0]!["breakdown"]!;
        Assert.Equal(0.30002m, results[0].Spend());
        Assert.Equal(0.20001m, day1["teams"]![world.Team1].Spend());
        Assert.Equal("one", day1["teams"]![world.Team1]!["metadata"]!["team_alias"]!.GetValue<string>());
        Assert.Equal(0.1m, day1["teams"]![world.Team2].Spend());
        Assert.Equal(0.00001m, day1["no_team"].Spend());
        Assert.Null(results[1]!["breakdown"]!["no_team"]);
        Assert.Equal(0.10001m, results[1].Spend());
        Assert.Equal(0.40003m, answer.Metadata()["total_spend"]!.GetValue<decimal>());
        Assert.Equal(7, answer.Metadata()["total_api_requests"]!.GetValue<int>());
    }

    [Fact]
    public async Task Billing_NeedsAnOrganization()
    {
        (await world.GetAsync($"/billing/daily-spend?{BothDays}")).Fails(HttpStatusCode.BadRequest, "organization_id");
        (await world.GetAsync($"/billing/daily-spend?organization_id={world.Org1}")).Fails(HttpStatusCode.BadRequest, "start_date");
    }

    private static List<JsonObject> Rows(JsonObject answer) => [.. answer["data"]!.AsArray().Select(r => r!.AsObject())];
}

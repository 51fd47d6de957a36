using System.Net;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Reports;

/// <summary>The daily activity reports over real relay traffic: exact sums per day, model and key, paging, filters, dates.</summary>
public sealed class DailyActivityTests(ReportWorld world) : IClassFixture<ReportWorld>
{
    private const string BothDays = $"start_date={ReportWorld.Day1}&end_date={ReportWorld.Day2}";

    [Fact]
    public async Task TeamActivity_SumsEachDayByModelKeyAndTeam_Exactly()
    {
        var answer = await world.GetAsync($"/team/daily/activity?team_ids={world.Team1},{world.Team2}&{BothDays}");

        var results = answer.Results();
        Assert.Equal([ReportWorld.Day1, ReportWorld.Day2], results.Dates());
        var day1 = results[0]!;
        Assert.Equal(0.30001m, day1.Spend());
        Assert.Equal(4, day1.Requests());
        Assert.Equal((32, 8, 40, 4, 0), (day1["metrics"]!["prompt_tokens"]!.GetValue<long>(), day1["metrics"]!["completion_tokens"]!.GetValue<long>(),
            day1["metrics"]!["total_tokens"]!.GetValue<long>(), day1["metrics"]!["successful_requests"]!.GetValue<long>(), day1["metrics"]!["failed_requests"]!.GetValue<long>()));
        var (key1, key2) = (await world.KeyIdAsync(world.Key1), await world.KeyIdAsync(world.Key2));
        var models = day1["breakdown"]!["models"]!;
        Assert.Equal(["test/echo", "test/priced"], models.Names());
        Assert.Equal(0.3m, models["test/priced"].Spend());
        Assert.Equal(3, models["test/priced"].Requests());
        Assert.Equal(0.00001m, models["test/echo"].Spend());
        Assert.Equal(0.2m, models["test/priced"]!["api_key_breakdown"]![key1].Spend());
        Assert.Equal(0.1m, models["test/priced"]!["api_key_breakdown"]![key2].Spend());
        var keys = day1["breakdown"]!["api_keys"]!;
        Assert.Equal(0.20001m, keys[key1].Spend());
        Assert.Equal(("k1", world.Team1), (keys[key1]!["metadata"]!["key_alias"]!.GetValue<string>(), keys[key1]!["metadata"]!["team_id"]!.GetValue<string>()));
        var teams = day1["breakdown"]!["entities"]!;
        Assert.Equal(0.20001m, teams[world.Team1].Spend());
        Assert.Equal(0.1m, teams[world.Team2].Spend());
        Assert.Equal("one", teams[world.Team1]!["metadata"]!["team_alias"]!.GetValue<string>());
        Assert.Equal(0.10001m, results[1].Spend());
        var metadata = answer.Metadata();
        Assert.Equal(0.40002m, metadata["total_spend"]!.GetValue<decimal>());
        Assert.Equal((6, 1, 1, false), (metadata["total_api_requests"]!.GetValue<long>(), metadata["page"]!.GetValue<int>(),
            metadata["total_pages"]!.GetValue<int>(), metadata["has_more"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task TeamActivity_AgreesWithTheSpendLog()
    {
        var records = (await Chat.SpendOfAsync(world.Silo, world.Key1)).Concat(await Chat.SpendOfAsync(world.Silo, world.Key2)).ToList();

        var metadata = (await world.GetAsync($"/team/daily/activity?team_ids={world.Team1},{world.Team2}&{BothDays}")).Metadata();

        Assert.Equal(records.Sum(r => r.SpendNanos) / 1_000_000_000m, metadata["total_spend"]!.GetValue<decimal>());
        Assert.Equal(records.Sum(r => (long)r.PromptTokens), metadata["total_prompt_tokens"]!.GetValue<long>());
        Assert.Equal(100_000_000L, records.First(r => r.Model == "test/priced").SpendNanos);
    }

    [Fact]
    public async Task Paging_GoesOverDays()
    {
        var page1 = await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&{BothDays}&page_size=1");
        var page2 = await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&{BothDays}&page_size=1&page=2");
        var page3 = await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&{BothDays}&page_size=1&page=3");
        var quiet = await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&start_date=2025-12-31&end_date={ReportWorld.Day2}&page_size=1");

        Assert.Equal([ReportWorld.Day1], page1.Results().Dates());
        Assert.Equal((2, true), (page1.Metadata()["total_pages"]!.GetValue<int>(), page1.Metadata()["has_more"]!.GetValue<bool>()));
        Assert.Equal([ReportWorld.Day2], page2.Results().Dates());
        Assert.False(page2.Metadata()["has_more"]!.GetValue<bool>());
        Assert.Empty(page3.Results());
        // A day without activity is a page without results; the totals are the whole range's.
        Assert.Empty(quiet.Results());
        Assert.Equal(3, quiet.Metadata()["total_pages"]!.GetValue<int>());
        Assert.Equal(0.30001m, quiet.Metadata()["total_spend"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task ModelAndKeyFilters_NarrowTheReport()
    {
        var echo = await world.GetAsync($"/team/daily/activity?team_ids={world.Team1},{world.Team2}&{BothDays}&model=test/echo");
        var byKey = await world.GetAsync($"/team/daily/activity?team_ids={world.Team1},{world.Team2}&{BothDays}&api_key={world.Key1}");
        var byToken = await world.GetAsync($"/team/daily/activity?team_ids={world.Team1},{world.Team2}&{BothDays}&api_key={world.Token2}");

        Assert.Equal([0.00001m, 0.00001m], echo.Results().Select(r => r.Spend()));
        Assert.Equal(0.00002m, echo.Metadata()["total_spend"]!.GetValue<decimal>());
        Assert.Equal([0.20001m, 0.1m], byKey.Results().Select(r => r.Spend()));
        Assert.Equal([0.1m, 0.00001m], byToken.Results().Select(r => r.Spend()));
    }

    [Fact]
    public async Task CustomerActivity_IsScopedToTheOrganization()
    {
        var all = await world.GetAsync($"/customer/daily/activity?{BothDays}", organization: world.Org1);
        var alice = await world.GetAsync($"/customer/daily/activity?end_user_ids=alice&{BothDays}", organization: world.Org1);
        var otherAlice = await world.GetAsync($"/customer/daily/activity?end_user_id=alice&organization_id={world.Org2}&{BothDays}");

        Assert.Equal(["alice", "bob"], all.Results()[0]!["breakdown"]!["entities"].Names());
        Assert.Equal(0.2m, all.Results()[0]!["breakdown"]!["entities"]!["alice"].Spend());
        Assert.Equal([0.2m, 0.1m], alice.Results().Select(r => r.Spend()));
        Assert.Equal([0.1m], otherAlice.Results().Select(r => r.Spend()));
    }

    [Fact]
    public async Task OrganizationActivity_CountsEveryKeyOfTheOrganization()
    {
        var answer = await world.GetAsync($"/organization/daily/activity?organization_ids={world.Org1},{world.Org2}&{BothDays}");

        Assert.Equal([0.40002m, 0.10001m], answer.Results().Select(r => r.Spend()));
        Assert.Equal(0.30002m, answer.Results()[0]!["breakdown"]!["entities"]![world.Org1].Spend());
        Assert.Equal(0.1m, answer.Results()[0]!["breakdown"]!["entities"]![world.Org2].Spend());
        Assert.Equal(0.50003m, answer.Metadata()["total_spend"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task UserActivity_WithoutAUser_IsTheCallersOwn()
    {
        var own = await world.GetAsync($"/user/daily/activity?{BothDays}", world.Key1);
        var asMaster = await world.GetAsync($"/user/daily/activity?user_id={world.Developer}&{BothDays}");

        Assert.Equal([0.20002m, 0.1m], own.Results().Select(r => r.Spend()));
        string[] keys = [await world.KeyIdAsync(world.Key1), await world.KeyIdAsync(world.Key3)];
        Assert.Equal(keys.Order(StringComparer.Ordinal), own.Results()[0]!["breakdown"]!["api_keys"].Names());
        Assert.Equal(own.Text, asMaster.Text);
    }

    [Theory]
    [InlineData("end_date=2026-01-02", "start_date")]
    [InlineData("start_date=2026-01-01", "end_date")]
    [InlineData("start_date=2026/01/01&end_date=2026-01-02", "start_date")]
    [InlineData("start_date=2026-01-01T00:00:00Z&end_date=2026-01-02", "start_date")]
    [InlineData("start_date=2026-01-02&end_date=2026-01-01", "end_date")]
    [InlineData("start_date=2025-01-01&end_date=2026-01-02", "end_date")]
    [InlineData("start_date=2026-01-01&end_date=2026-01-02&page_size=367", "page_size")]
    [InlineData("start_date=2026-01-01&end_date=2026-01-02&page=0", "page")]
    [InlineData("start_date=2026-01-01&end_date=2026-01-02&teams=x", "teams")]
    [InlineData("start_date=2026-01-01&end_date=2026-01-02&team_ids=a&team_id=b", "team_id")]
    [InlineData("start_date=2026-01-01&end_date=2026-01-02&api_key=not-a-key", "api_key")]
    public async Task BadParameters_Answer400NamingTheField(string query, string param)
    {
        (await world.GetAsync($"/team/daily/activity?{query}")).Fails(HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task RangeOf366Days_IsAllowed()
    {
        var answer = await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&start_date=2025-01-02&end_date={ReportWorld.Day2}");

        Assert.Equal(12, answer.Metadata()["total_pages"]!.GetValue<int>());
        Assert.Equal(0.30001m, answer.Metadata()["total_spend"]!.GetValue<decimal>());
    }
}

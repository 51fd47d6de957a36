using System.Net;

namespace Routero.Silo.Tests.Reports;

/// <summary>
/// Who sees which report: a team admin their team's, a developer their own user's and keys', an organization's
/// auditor the organization's; another organization's ids answer 404, as unknown ones.
/// </summary>
public sealed class ReportIsolationTests(ReportWorld world) : IClassFixture<ReportWorld>
{
    private const string BothDays = $"start_date={ReportWorld.Day1}&end_date={ReportWorld.Day2}";

    [Fact]
    public async Task TeamAdmin_ReadsTheirTeam_NotAnotherTeamOfTheOrganization_NorAnotherOrganizations()
    {
        var own = await world.GetAsync($"/team/daily/activity?team_ids={world.Team1}&{BothDays}", world.TeamAdminKey);
        var unfiltered = await world.GetAsync($"/team/daily/activity?{BothDays}", world.TeamAdminKey);

        Assert.Equal([0.20001m, 0.1m], own.Results().Select(r => r.Spend()));
        Assert.Equal([world.Team1], unfiltered.Results()[0]!["breakdown"]!["entities"].Names());
        (await world.GetAsync($"/team/daily/activity?team_ids={world.Team2}&{BothDays}", world.TeamAdminKey)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/team/daily/activity?team_ids={world.Team3}&{BothDays}", world.TeamAdminKey)).Fails(HttpStatusCode.NotFound, "team_ids");
        (await world.GetAsync($"/team/daily/activity?team_ids=no-such-team&{BothDays}", world.TeamAdminKey)).Fails(HttpStatusCode.NotFound, "team_ids");
        (await world.GetAsync($"/billing/daily-spend?{BothDays}", world.TeamAdminKey, world.Org1)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/user/daily/activity?user_id={world.Developer}&{BothDays}", world.TeamAdminKey)).Fails(HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task Developer_ReadsOnlyTheirOwnSpend()
    {
        var teams = await world.GetAsync($"/team/daily/activity?{BothDays}", world.Key1);
        var orgs = await world.GetAsync($"/organization/daily/activity?{BothDays}", world.Key1);

        Assert.Empty(teams.Results());
        Assert.Empty(orgs.Results());
        Assert.Equal(0m, teams.Metadata()["total_spend"]!.GetValue<decimal>());
        (await world.GetAsync($"/team/daily/activity?team_ids={world.Team1}&{BothDays}", world.Key1)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/organization/daily/activity?organization_id={world.Org1}&{BothDays}", world.Key1)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/customer/daily/activity?{BothDays}", world.Key1, world.Org1)).Fails(HttpStatusCode.Forbidden, null);
        (await world.GetAsync($"/user/daily/activity?{BothDays}&api_key={world.Key2}", world.Key1)).Fails(HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task Auditor_ReadsTheirOrganization()
    {
        var teams = await world.GetAsync($"/team/daily/activity?{BothDays}", world.AuditorKey);
        var user = await world.GetAsync($"/user/daily/activity?user_id={world.Developer}&{BothDays}", world.AuditorKey);
        var customers = await world.GetAsync($"/customer/daily/activity?{BothDays}", world.AuditorKey);

        Assert.Equal(new[] { world.Team1, world.Team2 }.Order(StringComparer.Ordinal), teams.Results()[0]!["breakdown"]!["entities"].Names());
        Assert.Equal([0.20002m, 0.1m], user.Results().Select(r => r.Spend()));
        Assert.Equal(["alice", "bob"], customers.Results()[0]!["breakdown"]!["entities"].Names());
        Assert.Equal(0.3m, customers.Results()[0].Spend());
    }

    [Fact]
    public async Task AnotherOrganizationsIds_Answer404()
    {
        var key = world.OtherAuditorKey;

        (await world.GetAsync($"/organization/daily/activity?organization_ids={world.Org1}&{BothDays}", key)).Fails(HttpStatusCode.NotFound, "organization_ids");
        (await world.GetAsync($"/team/daily/activity?team_id={world.Team1}&{BothDays}", key)).Fails(HttpStatusCode.NotFound, "team_id");
        (await world.GetAsync($"/customer/daily/activity?{BothDays}", key, world.Org1)).Fails(HttpStatusCode.NotFound, "X-Organization-Id");
        (await world.GetAsync($"/customer/daily/activity?organization_id={world.Org1}&{BothDays}", key)).Fails(HttpStatusCode.NotFound, "organization_id");
        (await world.GetAsync($"/user/daily/activity?user_id={world.Developer}&{BothDays}", key)).Fails(HttpStatusCode.NotFound, "user_id");
        (await world.GetAsync($"/user/daily/activity?{BothDays}&api_key={world.Key1}", key)).Fails(HttpStatusCode.NotFound, "api_key");
        (await world.GetAsync($"/billing/daily-spend?organization_id={world.Org1}&{BothDays}", key)).Fails(HttpStatusCode.NotFound, "organization_id");
        (await world.GetAsync($"/spend/logs?team_id={world.Team1}", key)).Fails(HttpStatusCode.NotFound, "team_id");
        (await world.GetAsync($"/spend/logs?api_key={world.Token2}", key)).Fails(HttpStatusCode.NotFound, "api_key");
        (await world.GetAsync($"/spend/logs?end_user=bob", key)).Fails(HttpStatusCode.NotFound, "end_user");
    }

    [Fact]
    public async Task AnotherOrganizationsAuditor_SeesOnlyTheirOwnWithoutFilters()
    {
        var key = world.OtherAuditorKey;

        var orgs = await world.GetAsync($"/organization/daily/activity?{BothDays}", key);
        var customers = await world.GetAsync($"/customer/daily/activity?end_user_ids=alice&{BothDays}", key);
        var logs = (await world.GetAsync("/spend/logs", key)).Ok().Object;

        Assert.Equal([world.Org2], orgs.Results()[0]!["breakdown"]!["entities"].Names());
        Assert.Equal([0.1m], customers.Results().Select(r => r.Spend()));
        Assert.Equal(1, logs["total"]!.GetValue<int>());
        Assert.Equal(world.Org2, logs["data"]![0]!["organization_id"]!.GetValue<string>());
    }
}

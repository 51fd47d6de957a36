using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Audit;

/// <summary><c>GET /audit/logs</c>: request ids, filters, paging, validation and who sees which records.</summary>
public sealed class AuditLogQueryTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AuditApi _audit = new(fixture.Silo);

    private AdminApi Api => _audit.Admin;

    [Fact]
    public async Task AdminAnswer_EchoesTheSentRequestId_OrGeneratesOne_AlsoOnErrors()
    {
        var (sent, generated) = (AuditApi.NewRequestId(), (await _audit.SendAsync(HttpMethod.Get, "/organization/list", null)).RequestId);
        var echoed = (await _audit.SendAsync(HttpMethod.Get, "/organization/list", null, sent)).RequestId;
        var onError = (await _audit.SendAsync(HttpMethod.Get, "/team/info?team_id=nope", null, sent)).RequestId;
        var unauthorized = (await _audit.SendAsync(HttpMethod.Get, "/organization/list", null, sent, bearer: "sk-wrong")).RequestId;

        Assert.Equal(sent, echoed);
        Assert.Equal(sent, onError);
        Assert.Equal(sent, unauthorized);
        Assert.StartsWith("req_", generated);
    }

    [Fact]
    public async Task AdminRequest_WithAMalformedRequestId_Answers400()
    {
        var (answer, echoed) = await _audit.SendAsync(HttpMethod.Post, "/organization/new", new { organization_alias = "x" }, "bad id\twith spaces");

        answer.Fails(HttpStatusCode.BadRequest, "x-request-id");
        Assert.StartsWith("req_", echoed);
    }

    [Fact]
    public async Task Filters_AndPaging_NewestFirst()
    {
        var org = await Api.NewOrgAsync();
        var teams = new List<string>();
        for (var i = 0; i < 5; i++) teams.Add(await Api.NewTeamAsync(org));
        (await Api.PostAsync("/team/block", new { team_id = teams[2] })).Ok();

        var byOrg = (await _audit.LogsAsync($"organization_id={org}&target_type=team&page_size=2")).Ok().Object;
        var page3 = (await _audit.LogsAsync($"organization_id={org}&table_name=LiteLLM_TeamTable&page_size=2&page=3")).Ok().Object;
        var blocks = (await _audit.LogsAsync($"organization_id={org}&action=team.block")).Ok().Object;
        var oneTeam = (await _audit.LogsAsync($"target_type=team&target_id={teams[2]}")).Ok().Object;
        var byActor = (await _audit.LogsAsync($"organization_id={org}&changed_by=master_key&object_id={teams[0]}")).Ok().Object;

        Assert.Equal((6, 1, 2, 2, 3), (Total(byOrg), byOrg["page"]!.GetValue<int>(), byOrg["page_size"]!.GetValue<int>(),
            Ids(byOrg).Count, byOrg["total_pages"]!.GetValue<int>()));
        Assert.Equal(6, byOrg["total_count"]!.GetValue<int>());
        Assert.Equal(1, byOrg["current_page"]!.GetValue<int>());
        // Newest first: the block, then the teams from the last created.
        Assert.Equal([teams[2], teams[4]], Ids(byOrg));
        Assert.Equal([teams[1], teams[0]], Ids(page3));
        Assert.Equal([teams[2]], Ids(blocks));
        Assert.Equal(["team.block", "team.new"], Actions(oneTeam));
        Assert.Equal([teams[0]], Ids(byActor));
    }

    [Fact]
    public async Task DateRange_SelectsRecordsByTheirTime()
    {
        var org = await Api.NewOrgAsync();
        var before = await Api.NewTeamAsync(org);
        var first = Instant((await _audit.LogsAsync($"target_id={before}")).Ok().Object);
        fixture.Silo.Time.Advance(TimeSpan.FromDays(3));
        var after = await Api.NewTeamAsync(org);
        var day = first.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var stamp = Uri.EscapeDataString(first.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        var untilFirstDay = (await _audit.LogsAsync($"organization_id={org}&target_type=team&end_date={day}")).Ok().Object;
        var fromNextDay = (await _audit.LogsAsync($"organization_id={org}&target_type=team&start_date={first.UtcDateTime.AddDays(1):yyyy-MM-dd}")).Ok().Object;
        var exactInstant = (await _audit.LogsAsync($"organization_id={org}&target_type=team&start_date={stamp}&end_date={stamp}")).Ok().Object;

        Assert.Equal([before], Ids(untilFirstDay));
        Assert.Equal([after], Ids(fromNextDay));
        Assert.Equal([before], Ids(exactInstant));
    }

    [Theory]
    [InlineData("start_date=yesterday", "start_date")]
    [InlineData("end_date=2026-13-01", "end_date")]
    [InlineData("start_date=2026-02-02&end_date=2026-02-01", "end_date")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=501", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("target_type=widget", "target_type")]
    [InlineData("table_name=LiteLLM_Nope", "table_name")]
    [InlineData("actor=a&changed_by=b", "changed_by")]
    [InlineData("sort_by=updated_at", "sort_by")]
    public async Task Query_WithABadParameter_Answers400NamingIt(string query, string param)
    {
        (await _audit.LogsAsync(query)).Fails(HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task PageSize_DefaultsTo50()
    {
        var answer = (await _audit.LogsAsync("")).Ok().Object;

        Assert.Equal(50, answer["page_size"]!.GetValue<int>());
        Assert.True(answer["audit_logs"]!.AsArray().Count <= 50);
    }

    [Fact]
    public async Task Auditor_SeesOnlyTheirOrganizationsRecords()
    {
        var (mine, theirs) = (await Api.NewOrgAsync(), await Api.NewOrgAsync());
        var (_, auditor) = await _audit.MemberWithKeyAsync(mine, "internal_user_viewer");
        var myTeam = await Api.NewTeamAsync(mine);
        var theirTeam = await Api.NewTeamAsync(theirs);
        var orgless = (await Api.PostAsync("/team/new", new { team_alias = "no org" })).Ok().Object["team_id"]!.GetValue<string>();

        var all = (await _audit.LogsAsync("page_size=500", auditor)).Ok().Object;
        var filtered = (await _audit.LogsAsync($"organization_id={mine}&target_type=team", auditor)).Ok().Object;

        Assert.All(all["audit_logs"]!.AsArray(), r => Assert.Equal(mine, r!["organization_id"]!.GetValue<string>()));
        Assert.Contains(myTeam, Ids(all));
        Assert.DoesNotContain(theirTeam, Ids(all));
        Assert.DoesNotContain(orgless, Ids(all));
        Assert.Equal([myTeam], Ids(filtered));
        // The master key sees records of objects of no organization.
        Assert.Equal([orgless], Ids((await _audit.LogsAsync($"target_id={orgless}")).Ok().Object));
    }

    [Fact]
    public async Task Auditor_NamingAnotherOrganization_Answers404LikeAnUnknownOne()
    {
        var (mine, theirs) = (await Api.NewOrgAsync(), await Api.NewOrgAsync());
        var (_, auditor) = await _audit.MemberWithKeyAsync(mine, "internal_user_viewer");

        var other = await _audit.LogsAsync($"organization_id={theirs}", auditor);
        var unknown = await _audit.LogsAsync("organization_id=no-such-org", auditor);

        other.Fails(HttpStatusCode.NotFound, "organization_id");
        unknown.Fails(HttpStatusCode.NotFound, "organization_id");
        Assert.Equal(other.Text.Replace(theirs, "X"), unknown.Text.Replace("no-such-org", "X"));
    }

    [Fact]
    public async Task OrganizationAdmin_ReadsTheirOrganization_DeveloperIsRefused()
    {
        var org = await Api.NewOrgAsync();
        var (_, admin) = await _audit.MemberWithKeyAsync(org, "org_admin");
        var (_, developer) = await _audit.MemberWithKeyAsync(org, "internal_user");

        var asAdmin = (await _audit.LogsAsync($"organization_id={org}", admin)).Ok().Object;

        Assert.True(Total(asAdmin) >= 5);
        (await _audit.LogsAsync("", developer)).Fails(HttpStatusCode.Forbidden, null);
        (await _audit.LogsAsync($"organization_id={org}", developer)).Fails(HttpStatusCode.Forbidden, null);
    }

    private static long Total(JsonObject answer) => answer["total"]!.GetValue<long>();

    private static List<string> Ids(JsonObject answer) => [.. answer["audit_logs"]!.AsArray().Select(r => r!["object_id"]!.GetValue<string>())];

    private static List<string> Actions(JsonObject answer) => [.. answer["audit_logs"]!.AsArray().Select(r => r!["action"]!.GetValue<string>())];

    private static DateTimeOffset Instant(JsonObject answer) => answer["audit_logs"]![0]!["updated_at"]!.GetValue<DateTimeOffset>();
}

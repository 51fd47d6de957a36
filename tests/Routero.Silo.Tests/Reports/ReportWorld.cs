using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Audit;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Reports;

/// <summary>
/// Two organizations' traffic over two UTC days, driven through the relay against the fake provider, and the callers
/// who read it. <c>test/priced</c> costs one cent per token: "abcdefgh" is 8 prompt and 2 completion tokens, $0.10;
/// <c>test/echo</c> costs $1 per million: the same call is $0.00001.
/// <code>
///   org1  team1  key1 (developer's)  day 1: priced alice ×2, echo ×1   day 2: priced alice ×1
///         team2  key2                day 1: priced bob ×1             day 2: echo ×1
///         —      key3 (developer's)  day 1: echo ×1
///   org2  team3  key4                day 1: priced alice ×1
/// </code>
/// </summary>
public sealed class ReportWorld : IAsyncLifetime
{
    public const string Day1 = "2026-01-01", Day2 = "2026-01-02";

    public SiloUnderTest Silo { get; private set; } = null!;
    public AuditApi Api { get; private set; } = null!;
    public string Org1 { get; private set; } = "";
    public string Org2 { get; private set; } = "";
    public string Team1 { get; private set; } = "";
    public string Team2 { get; private set; } = "";
    public string Team3 { get; private set; } = "";
    public string Developer { get; private set; } = "";
    public string Key1 { get; private set; } = "";
    public string Key2 { get; private set; } = "";
    public string Key3 { get; private set; } = "";
    public string Key4 { get; private set; } = "";
    public string Token2 { get; private set; } = "";
    public string TeamAdminKey { get; private set; } = "";
    public string AuditorKey { get; private set; } = "";
    public string OtherAuditorKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Silo = await SiloUnderTest.StartAsync();
        Api = new AuditApi(Silo);
        var admin = Api.Admin;
        (Org1, Org2) = (await admin.NewOrgAsync(), await admin.NewOrgAsync());
        (Team1, Team2, Team3) = (await admin.NewTeamAsync(Org1, new { team_alias = "one" }), await admin.NewTeamAsync(Org1, new { team_alias = "two" }),
            await admin.NewTeamAsync(Org2));
        Developer = await admin.NewUserAsync(Org1);
        (await admin.PostAsync("/team/member_add", new { team_id = Team1, member = new { user_id = Developer } })).Ok();
        Key1 = await KeyAsync(new { team_id = Team1, user_id = Developer, key_alias = "k1" });
        var key2 = (await admin.PostAsync("/key/generate", new { team_id = Team2, key_alias = "k2" })).Ok().Object;
        (Key2, Token2) = (key2["key"]!.GetValue<string>(), key2["token"]!.GetValue<string>());
        Key3 = await KeyAsync(new { user_id = Developer, key_alias = "k3" });
        Key4 = await KeyAsync(new { team_id = Team3 });
        var teamAdmin = AdminApi.NewId("team-admin");
        (await admin.PostAsync("/team/member_add", new { team_id = Team1, member = new { user_id = teamAdmin, role = "admin" } })).Ok();
        TeamAdminKey = await KeyAsync(new { user_id = teamAdmin });
        AuditorKey = (await Api.MemberWithKeyAsync(Org1, "internal_user_viewer")).Key;
        OtherAuditorKey = (await Api.MemberWithKeyAsync(Org2, "internal_user_viewer")).Key;

        await CallAsync(Key1, "test/priced", "alice");
        await CallAsync(Key1, "test/priced", "alice");
        await CallAsync(Key1, "test/echo", null);
        await CallAsync(Key2, "test/priced", "bob");
        await CallAsync(Key3, "test/echo", null);
        await CallAsync(Key4, "test/priced", "alice");
        Silo.Time.Advance(TimeSpan.FromDays(1));
        await CallAsync(Key1, "test/priced", "alice");
        await CallAsync(Key2, "test/echo", null);
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    /// <summary>The internal id of a key.</summary>
    public Task<string> KeyIdAsync(string key) => Chat.KeyIdAsync(Silo, key);

    /// <summary>GET a report as <paramref name="bearer"/>.</summary>
    public async Task<Answer> GetAsync(string pathAndQuery, string bearer = SiloUnderTest.MasterKey, string? organization = null) =>
        (await Api.SendAsync(HttpMethod.Get, pathAndQuery, null, bearer: bearer, organization: organization)).Answer;

    private async Task<string> KeyAsync(object body) => (await Api.Admin.PostAsync("/key/generate", body)).Ok().Object["key"]!.GetValue<string>();

    private async Task CallAsync(string key, string model, string? customer)
    {
        using var client = Silo.ClientFor(key);
        var body = Chat.Body(model, "abcdefgh", customer is null ? null : new { user = customer });
        using var response = await Chat.PostAsync(client, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Reading report answers.</summary>
public static class Report
{
    public static JsonArray Results(this Answer answer) => answer.Ok().Object["results"]!.AsArray();

    public static JsonObject Metadata(this Answer answer) => answer.Ok().Object["metadata"]!.AsObject();

    public static decimal Spend(this JsonNode? withMetrics) => withMetrics!["metrics"]!["spend"]!.GetValue<decimal>();

    public static long Requests(this JsonNode? withMetrics) => withMetrics!["metrics"]!["api_requests"]!.GetValue<long>();

    public static string[] Dates(this JsonArray results) => [.. results.Select(r => r!["date"]!.GetValue<string>())];

    public static string[] Names(this JsonNode? dictionary) => [.. dictionary!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];
}

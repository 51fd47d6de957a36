using System.Net;
using System.Text.Json.Nodes;

namespace Routero.Silo.Tests.Admin;

/// <summary>Bad input is a 400 that names the offending field, and creates nothing.</summary>
public sealed class AdminValidationTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("{not json")]
    [InlineData("")]
    public async Task Body_ThatIsNotAJsonObject_Answers400(string body)
    {
        var answer = await _api.SendAsync(HttpMethod.Post, "/organization/new", body);

        answer.Fails(HttpStatusCode.BadRequest, null);
        Assert.Equal("body must be a JSON object", answer.Object["error"]!["message"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", answer.ErrorType);
    }

    [Theory]
    [InlineData("""{"organization_alias":"a","organization_alias":"b"}""", "organization_alias")]
    [InlineData("""{"organization_alias":"a","metadata":{"x":1,"x":2}}""", "metadata.x")]
    public async Task Body_WithADuplicateField_Answers400NamingIt_AndCreatesNothing(string body, string param)
    {
        var before = (await _api.GetAsync("/organization/list")).Ok().Array.Count;

        var answer = await _api.SendAsync(HttpMethod.Post, "/organization/new", body);

        answer.Fails(HttpStatusCode.BadRequest, param);
        Assert.Equal(before, (await _api.GetAsync("/organization/list")).Ok().Array.Count);
    }

    [Theory]
    [InlineData("/organization/new")]
    [InlineData("/team/new")]
    [InlineData("/user/new")]
    [InlineData("/key/generate")]
    [InlineData("/customer/new")]
    [InlineData("/key/delete")]
    public async Task Body_WithUnknownField_Answers400NamingIt(string path)
    {
        var answer = await _api.PostAsync(path, new { colour = "blue" });

        answer.Fails(HttpStatusCode.BadRequest, "colour");
    }

    [Theory]
    [InlineData("max_budget", "\"ten\"")]
    [InlineData("max_budget", "-1")]
    [InlineData("soft_budget", "-0.01")]
    [InlineData("budget_duration", "\"3 days\"")]
    [InlineData("budget_duration", "\"0d\"")]
    [InlineData("budget_duration", "30")]
    [InlineData("rpm_limit", "0")]
    [InlineData("rpm_limit", "1.5")]
    [InlineData("tpm_limit", "-5")]
    [InlineData("max_parallel_requests", "\"2\"")]
    [InlineData("models", "\"test/echo\"")]
    [InlineData("models", "[1]")]
    [InlineData("metadata", "[]")]
    [InlineData("team_id", "\"a|b\"")]
    [InlineData("team_alias", "7")]
    [InlineData("blocked", "\"yes\"")]
    public async Task TeamNew_WithBadField_Answers400NamingIt_AndCreatesNothing(string field, string json)
    {
        var orgId = await _api.NewOrgAsync();
        var body = new JsonObject { ["organization_id"] = orgId, ["team_alias"] = "t", [field] = JsonNode.Parse(json) };

        var answer = await _api.PostAsync("/team/new", body.ToJsonString());

        answer.Fails(HttpStatusCode.BadRequest, field);
        var teams = (await _api.GetAsync($"/team/list?organization_id={orgId}")).Ok().Array;
        Assert.Empty(teams);
    }

    [Theory]
    [InlineData("/organization/new", "{\"organization_alias\":\"o\",\"max_budget\":-1}")]
    [InlineData("/user/new", "{\"max_budget\":-1}")]
    [InlineData("/customer/new", "{\"user_id\":\"c\",\"max_budget\":-1}")]
    [InlineData("/key/generate", "{\"max_budget\":-1}")]
    public async Task NegativeBudget_OnEveryKind_Answers400NamingMaxBudget(string path, string body)
    {
        var answer = await _api.PostAsync(path, body);

        answer.Fails(HttpStatusCode.BadRequest, "max_budget");
    }

    [Theory]
    [InlineData("{\"duration\":\"forever\"}", "duration")]
    [InlineData("{\"duration\":\"1y\"}", "duration")]
    [InlineData("{\"expired_time\":\"yesterday\"}", "expired_time")]
    [InlineData("{\"duration\":\"1h\",\"expired_time\":-1}", "expired_time")]
    [InlineData("{\"allow_ips\":[\"10.0.0.0/33\"]}", "allow_ips")]
    [InlineData("{\"allow_ips\":[\"example.com\"]}", "allow_ips")]
    [InlineData("{\"allow_ips\":\"10.0.0.1\"}", "allow_ips")]
    [InlineData("{\"credit_limit_usd\":-1}", "credit_limit_usd")]
    [InlineData("{\"model_limits_enabled\":1}", "model_limits_enabled")]
    [InlineData("{\"model_limits\":{\"test/echo\":{\"rpm_limit\":0}}}", "model_limits.test/echo.rpm_limit")]
    [InlineData("{\"model_limits\":{\"test/echo\":{\"rpm\":1}}}", "model_limits.test/echo.rpm")]
    [InlineData("{\"model_limits\":{\"test/echo\":5}}", "model_limits.test/echo")]
    [InlineData("{\"model_rpm_limit\":{\"test/echo\":\"5\"}}", "model_rpm_limit.test/echo")]
    [InlineData("{\"model_max_budget\":{\"test/echo\":{\"budget_limit\":-1}}}", "model_max_budget.test/echo.budget_limit")]
    public async Task KeyGenerate_WithBadField_Answers400NamingIt(string body, string param)
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var fields = JsonNode.Parse(body)!.AsObject();
        fields["team_id"] = teamId;

        var answer = await _api.PostAsync("/key/generate", fields.ToJsonString());

        answer.Fails(HttpStatusCode.BadRequest, param);
        var keys = (await _api.GetAsync($"/key/list?team_id={teamId}")).Ok().Object;
        Assert.Equal(0, keys["total_count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/key/info?key=not-a-key", "key")]
    [InlineData("/key/info", "key")]
    [InlineData("/key/list?size=101", "size")]
    [InlineData("/key/list?size=0", "size")]
    [InlineData("/key/list?page=0", "page")]
    [InlineData("/user/list?page_size=101", "page_size")]
    [InlineData("/team/info", "team_id")]
    [InlineData("/organization/info", "organization_id")]
    [InlineData("/customer/info", "end_user_id")]
    public async Task Query_WithBadOrMissingParameter_Answers400NamingIt(string path, string param)
    {
        var answer = await _api.GetAsync(path);

        answer.Fails(HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task OrganizationHeader_ThatIsNotAnId_Answers400NamingIt()
    {
        var answer = await _api.PostAsync("/customer/new", new { user_id = "c" }, organization: "bad id|x");

        answer.Fails(HttpStatusCode.BadRequest, "X-Organization-Id");
    }

    [Fact]
    public async Task KeyDelete_WithMalformedKey_Answers400NamingKeys()
    {
        var answer = await _api.PostAsync("/key/delete", new { keys = new[] { "abc" } });

        answer.Fails(HttpStatusCode.BadRequest, "keys");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Alerts;

/// <summary><c>/config/update</c> and <c>/config/get</c>: validation, masking, PATCH semantics and who may use them.</summary>
public sealed class ConfigEndpointsTests(AlertSilo fixture) : IClassFixture<AlertSilo>
{
    private const string SlackSecret = "T0000SECRET/B0000SECRET/XXXXXXXXXXXXXXXXwxyz";
    private readonly AdminApi _api = fixture.Api;

    private static string SlackUrl => $"https://hooks.slack.com/services/{SlackSecret}";

    private static object FullBody(string orgId) => new
    {
        organization_id = orgId,
        general_settings = new { alerting = new[] { "slack", "webhook" }, alert_types = new[] { "budget_alerts" }, budget_alert_thresholds = new[] { 0.90m, 0.5m } },
        environment_variables = new { SLACK_WEBHOOK_URL = SlackUrl, WEBHOOK_URL = "https://alerts.example.com/routero/hook?token=abcdefgh1234" },
    };

    [Fact]
    public async Task Update_ThenGet_AnswersTheSettings_WithEveryUrlMasked()
    {
        var orgId = await _api.NewOrgAsync();

        var updated = (await _api.PostAsync("/config/update", FullBody(orgId))).Ok();
        var read = (await _api.GetAsync($"/config/get?organization_id={orgId}")).Ok();

        Assert.Equal("Config updated successfully", updated.Object["message"]!.GetValue<string>());
        foreach (var answer in new[] { updated, read })
        {
            Assert.DoesNotContain("SECRET", answer.Text);
            Assert.DoesNotContain("token=", answer.Text);
            var general = answer.Object["general_settings"]!;
            Assert.Equal(["slack", "webhook"], general["alerting"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal([0.5m, 0.9m], general["budget_alert_thresholds"]!.AsArray().Select(n => n!.GetValue<decimal>()));
            Assert.Equal("https://hooks.slack.com/...wxyz", answer.Object["environment_variables"]!["SLACK_WEBHOOK_URL"]!.GetValue<string>());
            Assert.Equal("https://alerts.example.com/...1234", answer.Object["environment_variables"]!["WEBHOOK_URL"]!.GetValue<string>());
            Assert.Equal("master_key", answer.Object["updated_by"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Update_WritesAnAuditRecord_WithTheChangedFields_AndNoWebhookSecret()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/config/update", FullBody(orgId))).Ok();
        (await _api.PostAsync("/config/update", new { organization_id = orgId, general_settings = new { budget_alert_thresholds = new[] { 0.7m } } })).Ok();

        var page = (await _api.GetAsync($"/audit/logs?organization_id={orgId}&target_type=organization_setting")).Ok();

        var records = page.Object["audit_logs"]!.AsArray();
        Assert.Equal(2, records.Count);
        Assert.DoesNotContain("SECRET", page.Text);
        Assert.DoesNotContain("token=", page.Text);
        var latest = records[0]!;
        Assert.Equal("config.update", latest["action"]!.GetValue<string>());
        Assert.Equal("update", latest["operation"]!.GetValue<string>());
        Assert.Equal($"{orgId}/alerting", latest["object_id"]!.GetValue<string>());
        Assert.Equal("""{"budget_alert_thresholds":[0.7]}""", latest["updated_values"]!.ToJsonString());
        Assert.Equal("create", records[1]!["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_Refused_WritesNoAuditRecord()
    {
        var orgId = await _api.NewOrgAsync();

        var refused = await _api.PostAsync("/config/update", new { organization_id = orgId, general_settings = new { budget_alert_thresholds = new[] { 2 } } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var page = (await _api.GetAsync($"/audit/logs?organization_id={orgId}&target_type=organization_setting")).Ok();
        Assert.Empty(page.Object["audit_logs"]!.AsArray());
    }

    [Fact]
    public async Task Get_NeverConfigured_AnswersTheDefaults()
    {
        var orgId = await _api.NewOrgAsync();

        var answer = (await _api.GetAsync("/config/get", organization: orgId)).Ok().Object;

        Assert.Empty(answer["general_settings"]!["alerting"]!.AsArray());
        Assert.Equal([0.8m, 1m], answer["general_settings"]!["budget_alert_thresholds"]!.AsArray().Select(n => n!.GetValue<decimal>()));
        Assert.Null(answer["environment_variables"]!["SLACK_WEBHOOK_URL"]);
    }

    [Fact]
    public async Task Update_OnlySomeFields_KeepsTheOthers_AndNullClearsOne()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/config/update", FullBody(orgId))).Ok();

        (await _api.PostAsync("/config/update", new { general_settings = new { budget_alert_thresholds = new[] { 0.7m } } }, orgId)).Ok();
        var cleared = await _api.PostAsync("/config/update", new
        {
            organization_id = orgId,
            general_settings = new { alerting = new[] { "webhook" } },
            environment_variables = new Dictionary<string, string?> { ["SLACK_WEBHOOK_URL"] = null },
        });

        var env = cleared.Ok().Object["environment_variables"]!;
        Assert.Null(env["SLACK_WEBHOOK_URL"]);
        Assert.Equal("https://alerts.example.com/...1234", env["WEBHOOK_URL"]!.GetValue<string>());
        Assert.Equal([0.7m], cleared.Object["general_settings"]!["budget_alert_thresholds"]!.AsArray().Select(n => n!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Update_AlertToWebhookUrl_ReplacesTheSlackUrlForBudgetAlerts()
    {
        var orgId = await _api.NewOrgAsync();

        var answer = (await _api.PostAsync("/config/update", new
        {
            organization_id = orgId,
            general_settings = new
            {
                alerting = new[] { "slack" },
                alert_to_webhook_url = new { budget_alerts = new[] { "https://hooks.slack.com/services/AAAA/BBBB/budget-channel-1", "https://hooks.slack.com/services/AAAA/BBBB/budget-channel-2" } },
            },
        })).Ok().Object;

        Assert.Equal(["https://hooks.slack.com/...el-1", "https://hooks.slack.com/...el-2"],
            answer["general_settings"]!["alert_to_webhook_url"]!["budget_alerts"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"general_settings":{"alerting":["email"]}}""", "general_settings.alerting" },
        { """{"general_settings":{"alerting":"slack"}}""", "general_settings.alerting" },
        { """{"general_settings":{"alerting":["slack"]},"environment_variables":{"SLACK_WEBHOOK_URL":null}}""", "environment_variables.SLACK_WEBHOOK_URL" },
        { """{"general_settings":{"alerting":["webhook"]},"environment_variables":{"WEBHOOK_URL":null}}""", "environment_variables.WEBHOOK_URL" },
        { """{"environment_variables":{"SLACK_WEBHOOK_URL":"ftp://hooks.slack.com/x"}}""", "environment_variables.SLACK_WEBHOOK_URL" },
        { """{"environment_variables":{"SLACK_WEBHOOK_URL":"/services/x"}}""", "environment_variables.SLACK_WEBHOOK_URL" },
        { """{"environment_variables":{"WEBHOOK_URL":"not a url"}}""", "environment_variables.WEBHOOK_URL" },
        { """{"environment_variables":{"WEBHOOK_URL":"https://user:pass@example.com/hook"}}""", "environment_variables.WEBHOOK_URL" },
        { """{"environment_variables":{"WEBHOOK_URL":"os.environ/WEBHOOK_URL"}}""", "environment_variables.WEBHOOK_URL" },
        { """{"environment_variables":{"WEBHOOK_URL":5}}""", "environment_variables.WEBHOOK_URL" },
        { """{"environment_variables":{"OPENAI_API_KEY":"sk-x"}}""", "environment_variables.OPENAI_API_KEY" },
        { """{"general_settings":{"budget_alert_thresholds":[0]}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"budget_alert_thresholds":[1.5]}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"budget_alert_thresholds":[-0.2]}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"budget_alert_thresholds":[]}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"budget_alert_thresholds":["0.8"]}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"budget_alert_thresholds":0.8}}""", "general_settings.budget_alert_thresholds" },
        { """{"general_settings":{"alert_types":["llm_too_slow"]}}""", "general_settings.alert_types" },
        { """{"general_settings":{"alerting_threshold":300}}""", "general_settings.alerting_threshold" },
        { """{"general_settings":{"master_key":"sk-x"}}""", "general_settings.master_key" },
        { """{"general_settings":{"alert_to_webhook_url":{"llm_exceptions":"https://hooks.slack.com/x"}}}""", "general_settings.alert_to_webhook_url.llm_exceptions" },
        { """{"general_settings":{"alert_to_webhook_url":{"budget_alerts":"http://"}}}""", "general_settings.alert_to_webhook_url.budget_alerts" },
        { """{"general_settings":["slack"]}""", "general_settings" },
        { """{"litellm_settings":{}}""", "litellm_settings" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Update_Invalid_Answers400NamingTheField_AndChangesNothing(string body, string param)
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/config/update", FullBody(orgId))).Ok();
        var before = (await _api.GetAsync("/config/get", organization: orgId)).Ok().Text;

        var answer = await _api.SendAsync(HttpMethod.Post, "/config/update", body, organization: orgId);

        answer.Fails(HttpStatusCode.BadRequest, param);
        Assert.Equal(before, (await _api.GetAsync("/config/get", organization: orgId)).Ok().Text);
    }

    [Theory]
    [InlineData("POST", "/config/update")]
    [InlineData("GET", "/config/get")]
    public async Task Route_WithoutKey_Answers401(string method, string path)
    {
        var answer = await _api.SendAsync(new HttpMethod(method), path, "{}", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task Update_MasterKeyWithoutOrganization_Answers400()
    {
        var answer = await _api.PostAsync("/config/update", new { general_settings = new { alerting = Array.Empty<string>() } });

        answer.Fails(HttpStatusCode.BadRequest, "organization_id");
    }

    [Fact]
    public async Task Update_UnknownOrganization_Answers404()
    {
        var answer = await _api.PostAsync("/config/update", new { organization_id = AdminApi.NewId("org"), general_settings = new { alerting = Array.Empty<string>() } });

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
    }

    [Fact]
    public async Task OrgAdmin_ChangesTheirOrganization_WithoutNamingIt()
    {
        var orgId = await _api.NewOrgAsync();
        var key = await MemberKeyAsync((orgId, "org_admin"));

        var answer = await _api.SendAsync(HttpMethod.Post, "/config/update", AdminApi.Json(new { general_settings = new { budget_alert_thresholds = new[] { 0.6m } } }), bearer: key);

        Assert.Equal(orgId, answer.Ok().Object["organization_id"]!.GetValue<string>());
        var read = (await _api.SendAsync(HttpMethod.Get, "/config/get", null, bearer: key)).Ok().Object;
        Assert.Equal([0.6m], read["general_settings"]!["budget_alert_thresholds"]!.AsArray().Select(n => n!.GetValue<decimal>()));
    }

    [Fact]
    public async Task OrgAdmin_AnotherOrganization_Answers404_AsAnUnknownOne()
    {
        var (own, other) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        (await _api.PostAsync("/config/update", FullBody(other))).Ok();
        var before = (await _api.GetAsync("/config/get", organization: other)).Ok().Text;
        var key = await MemberKeyAsync((own, "org_admin"));

        var update = await _api.SendAsync(HttpMethod.Post, "/config/update", AdminApi.Json(new { organization_id = other, general_settings = new { alerting = Array.Empty<string>() } }), bearer: key);
        var byHeader = await _api.SendAsync(HttpMethod.Get, "/config/get", null, organization: other, bearer: key);
        var unknownId = AdminApi.NewId("org");
        var unknown = await _api.SendAsync(HttpMethod.Get, "/config/get", null, organization: unknownId, bearer: key);

        update.Fails(HttpStatusCode.NotFound, "organization_id");
        byHeader.Fails(HttpStatusCode.NotFound, "organization_id");
        Assert.Equal(unknown.Text.Replace(unknownId, "ID"), byHeader.Text.Replace(other, "ID"));
        Assert.Equal(before, (await _api.GetAsync("/config/get", organization: other)).Ok().Text);
    }

    [Theory]
    [InlineData("internal_user_viewer")]
    [InlineData("internal_user")]
    public async Task MemberWithoutConfigManage_Answers403(string role)
    {
        var orgId = await _api.NewOrgAsync();
        var key = await MemberKeyAsync((orgId, role));

        var update = await _api.SendAsync(HttpMethod.Post, "/config/update", AdminApi.Json(new { organization_id = orgId, general_settings = new { alerting = Array.Empty<string>() } }), bearer: key);
        var read = await _api.SendAsync(HttpMethod.Get, "/config/get", null, organization: orgId, bearer: key);

        Assert.Equal(HttpStatusCode.Forbidden, update.Status);
        Assert.Equal(HttpStatusCode.Forbidden, read.Status);
    }

    [Fact]
    public async Task AdminOfOneOrganization_ViewerOfAnother_Answers403There()
    {
        var (admin, viewer) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        var key = await MemberKeyAsync((admin, "org_admin"), (viewer, "internal_user_viewer"));

        var there = await _api.SendAsync(HttpMethod.Post, "/config/update", AdminApi.Json(new { organization_id = viewer, general_settings = new { alerting = Array.Empty<string>() } }), bearer: key);
        var unnamed = await _api.SendAsync(HttpMethod.Get, "/config/get", null, bearer: key);

        Assert.Equal(HttpStatusCode.Forbidden, there.Status);
        // Two organizations: the caller must say which.
        unnamed.Fails(HttpStatusCode.BadRequest, "organization_id");
    }

    /// <summary>A user with these organization roles, and the user's key.</summary>
    private async Task<string> MemberKeyAsync(params (string OrgId, string Role)[] memberships)
    {
        var userId = await _api.NewUserAsync(null);
        foreach (var (orgId, role) in memberships)
            (await _api.PostAsync("/organization/member_add", new { organization_id = orgId, member = new { user_id = userId, role } })).Ok();
        return (await _api.PostAsync("/key/generate", new { user_id = userId })).Ok().Object["key"]!.GetValue<string>();
    }
}

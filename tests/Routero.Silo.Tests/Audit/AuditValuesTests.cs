using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Audit;

/// <summary>What audit records say: the changed fields before and after, never a secret, and nothing for a change that failed.</summary>
public sealed class AuditValuesTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AuditApi _audit = new(fixture.Silo);

    private AdminApi Api => _audit.Admin;

    [Fact]
    public async Task Update_RecordsOnlyTheChangedFields_BeforeAndAfter()
    {
        var org = await Api.NewOrgAsync();
        var team = await Api.NewTeamAsync(org, new { max_budget = 10, team_alias = "search" });
        var id = AuditApi.NewRequestId();

        (await _audit.SendAsync(HttpMethod.Post, "/team/update", new { team_id = team, max_budget = 20, rpm_limit = 7 }, id)).Answer.Ok();

        var record = Assert.Single(await _audit.RecordsOfAsync(id));
        var (before, after) = (record["before_value"]!.AsObject(), record["updated_values"]!.AsObject());
        Assert.Equal(["max_budget", "rpm_limit", "updated_at"], before.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["max_budget", "rpm_limit", "updated_at"], after.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(10m, before["max_budget"]!.GetValue<decimal>());
        Assert.Null(before["rpm_limit"]);
        Assert.Equal(20m, after["max_budget"]!.GetValue<decimal>());
        Assert.Equal(7, after["rpm_limit"]!.GetValue<int>());
        Assert.Equal("LiteLLM_TeamTable", record["table_name"]!.GetValue<string>());
        Assert.Equal(id, record["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAndDelete_RecordTheWholeObjectOnTheirSide()
    {
        var org = await Api.NewOrgAsync();
        var (created, deleted) = (AuditApi.NewRequestId(), AuditApi.NewRequestId());
        var team = AdminApi.NewId("team");

        (await _audit.SendAsync(HttpMethod.Post, "/team/new", new { team_id = team, team_alias = "t", organization_id = org, max_budget = 3 }, created)).Answer.Ok();
        (await _audit.SendAsync(HttpMethod.Post, "/team/delete", new { team_ids = new[] { team } }, deleted)).Answer.Ok();

        var create = Assert.Single(await _audit.RecordsOfAsync(created));
        Assert.Null(create["before_value"]);
        Assert.Equal("t", create["updated_values"]!["team_alias"]!.GetValue<string>());
        Assert.Equal(3m, create["updated_values"]!["max_budget"]!.GetValue<decimal>());
        var delete = Assert.Single(await _audit.RecordsOfAsync(deleted));
        Assert.Null(delete["updated_values"]);
        Assert.Equal(team, delete["before_value"]!["team_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyLifecycle_NeverWritesTheKeyItsHashOrToken()
    {
        var org = await Api.NewOrgAsync();
        var team = await Api.NewTeamAsync(org);
        var (generate, update, regenerate, delete) = (AuditApi.NewRequestId(), AuditApi.NewRequestId(), AuditApi.NewRequestId(), AuditApi.NewRequestId());

        var first = (await _audit.SendAsync(HttpMethod.Post, "/key/generate", new { team_id = team, metadata = new { note = "hello" } }, generate)).Answer.Ok().Object;
        var (key, token) = (first["key"]!.GetValue<string>(), first["token"]!.GetValue<string>());
        (await _audit.SendAsync(HttpMethod.Post, "/key/update", new { key, max_budget = 4, metadata = new { leaked = key, digest = token } }, update)).Answer.Ok();
        var second = (await _audit.SendAsync(HttpMethod.Post, "/key/regenerate", new { key }, regenerate)).Answer.Ok().Object;
        var (newKey, newToken) = (second["key"]!.GetValue<string>(), second["token"]!.GetValue<string>());
        (await _audit.SendAsync(HttpMethod.Post, "/key/delete", new { keys = new[] { newKey } }, delete)).Answer.Ok();

        var records = new List<JsonObject>();
        foreach (var id in new[] { generate, update, regenerate, delete }) records.AddRange(await _audit.RecordsOfAsync(id));
        Assert.Equal(4, records.Count);
        var text = string.Join("\n", records.Select(r => r.ToJsonString()));
        foreach (var secret in new[] { key, token, newKey, newToken, token.ToUpperInvariant() })
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        var rotation = Assert.Single(records, r => r["action"]!.GetValue<string>() == "key.regenerate");
        // The token changed, and says so, redacted.
        Assert.Equal("[redacted]", rotation["before_value"]!["token"]!.GetValue<string>());
        Assert.Equal("[redacted]", rotation["updated_values"]!["token"]!.GetValue<string>());
        var updated = Assert.Single(records, r => r["action"]!.GetValue<string>() == "key.update");
        Assert.Equal("[redacted]", updated["updated_values"]!["metadata"]!["leaked"]!.GetValue<string>());
        Assert.Equal("[redacted]", updated["updated_values"]!["metadata"]!["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserNewWithItsFirstKey_NeverWritesTheKey()
    {
        var id = AuditApi.NewRequestId();

        var user = (await _audit.SendAsync(HttpMethod.Post, "/user/new", new { user_id = AdminApi.NewId("user") }, id)).Answer.Ok().Object;

        var text = string.Join("\n", (await _audit.RecordsOfAsync(id)).Select(r => r.ToJsonString()));
        Assert.DoesNotContain(user["key"]!.GetValue<string>(), text, StringComparison.Ordinal);
        var keyRow = (await Api.GetAsync($"/key/info?key={user["key"]!.GetValue<string>()}")).Ok().Object;
        Assert.Contains(keyRow["info"]!["key_name"]!.GetValue<string>(), text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> FailedChanges => new()
    {
        { "validation error", "/team/update", """{"team_id":"{team}","max_budget":-1}""" },
        { "unknown field", "/team/update", """{"team_id":"{team}","nope":1}""" },
        { "duplicate", "/team/new", """{"team_id":"{team}","team_alias":"again"}""" },
        { "not found", "/team/update", """{"team_id":"no-such-team","max_budget":1}""" },
        { "duplicate member", "/team/member_add", """{"team_id":"{team}","member":[{"user_id":"{user}"}]}""" },
        { "not found in a batch", "/user/delete", """{"user_ids":["{user}","no-such-user"]}""" },
    };

    [Theory]
    [MemberData(nameof(FailedChanges))]
    public async Task FailedChange_WritesNoRecord(string why, string path, string body)
    {
        var org = await Api.NewOrgAsync();
        var team = await Api.NewTeamAsync(org);
        var user = await Api.NewUserAsync(org);
        (await Api.PostAsync("/team/member_add", new { team_id = team, member = new { user_id = user } })).Ok();
        var id = AuditApi.NewRequestId();

        var (answer, _) = await _audit.SendAsync(HttpMethod.Post, path, body.Replace("{team}", team).Replace("{user}", user), id);

        Assert.True(answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"{why}: {answer.Text}");
        Assert.Empty(await _audit.RecordsOfAsync(id));
        Assert.NotNull((await Api.GetAsync($"/user/info?user_id={user}")).Ok().Body);
    }

    [Fact]
    public async Task MembershipRoleChange_RecordsTheRoleAndTheTeamScope()
    {
        var org = await Api.NewOrgAsync();
        var team = await Api.NewTeamAsync(org);
        var user = await Api.NewUserAsync(org);
        var (plain, scoped) = (AuditApi.NewRequestId(), AuditApi.NewRequestId());

        (await _audit.SendAsync(HttpMethod.Post, "/organization/member_permission_update", new { organization_id = org, user_id = user, role = "org_admin" }, plain)).Answer.Ok();
        (await _audit.SendAsync(HttpMethod.Post, "/organization/member_permission_update",
            new { organization_id = org, user_id = user, role = "internal_user_viewer", team_id = team }, scoped)).Answer.Ok();

        var first = Assert.Single(await _audit.RecordsOfAsync(plain));
        Assert.Equal("""{"user_role":"internal_user"}""", first["before_value"]!.ToJsonString());
        Assert.Equal("""{"user_role":"org_admin"}""", first["updated_values"]!.ToJsonString());
        var second = Assert.Single(await _audit.RecordsOfAsync(scoped));
        Assert.Equal($$"""{"user_role":"org_admin","team_id":null}""", second["before_value"]!.ToJsonString());
        Assert.Equal($$"""{"user_role":"internal_user_viewer","team_id":"{{team}}"}""", second["updated_values"]!.ToJsonString());
    }

    [Fact]
    public async Task Change_ByAUsersKey_IsAttributedToTheUserAndTheKey()
    {
        var org = await Api.NewOrgAsync();
        var (admin, key) = await _audit.MemberWithKeyAsync(org, "org_admin");
        var id = AuditApi.NewRequestId();

        (await _audit.SendAsync(HttpMethod.Post, "/team/new", new { team_alias = "by-admin", organization_id = org }, id, bearer: key)).Answer.Ok();

        var record = Assert.Single(await _audit.RecordsOfAsync(id));
        Assert.Equal(admin, record["changed_by"]!.GetValue<string>());
        Assert.Equal(await Infrastructure.Chat.KeyIdAsync(fixture.Silo, key), record["changed_by_key_id"]!.GetValue<string>());
    }
}

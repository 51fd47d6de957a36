using System.Net;

namespace Routero.Silo.Tests.Admin;

public sealed class UserEndpointsTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task New_ByDefault_CreatesAWorkingKeyOwnedByTheUser()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var userId = AdminApi.NewId("user");

        var user = (await _api.PostAsync("/user/new", new
        {
            user_id = userId, user_email = userId + "@example.com", user_alias = "Ann", user_role = "internal_user_viewer",
            organization_id = orgId, teams = new[] { teamId }, max_budget = 4, budget_duration = "1d", models = new[] { "test/echo" },
        })).Ok().Object;

        var key = user["key"]!.GetValue<string>();
        Assert.Equal(userId, user["user_id"]!.GetValue<string>());
        Assert.Equal("internal_user_viewer", user["user_role"]!.GetValue<string>());
        Assert.Equal(4m, user["max_budget"]!.GetValue<decimal>());
        Assert.Equal([teamId], user["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("sk-..." + key[^4..], user["key_name"]!.GetValue<string>());
        Assert.Null(user["token"]);
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
        var keys = (await _api.GetAsync($"/key/list?user_id={userId}&return_full_object=true")).Ok().Object["keys"]!.AsArray();
        Assert.Equal(orgId, Assert.Single(keys)!["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_WithoutAutoCreateKey_OmitsTheKey()
    {
        var userId = AdminApi.NewId("user");

        var user = (await _api.PostAsync("/user/new", new { user_id = userId, auto_create_key = false })).Ok().Object;

        Assert.False(user.ContainsKey("key"));
        Assert.Equal(0, (await _api.GetAsync($"/key/list?user_id={userId}")).Ok().Object["total_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task New_WithDuplicateId_Answers409_AndCreatesNoKey()
    {
        var userId = await _api.NewUserAsync(null);

        var answer = await _api.PostAsync("/user/new", new { user_id = userId, key_alias = AdminApi.NewId("alias") });

        answer.Fails(HttpStatusCode.Conflict, "user_id");
        Assert.Equal(0, (await _api.GetAsync($"/key/list?user_id={userId}")).Ok().Object["total_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task New_WithDuplicateEmail_Answers409()
    {
        var email = AdminApi.NewId("dup") + "@example.com";
        await _api.NewUserAsync(null, new { user_email = email });

        var answer = await _api.PostAsync("/user/new", new { user_email = email.ToUpperInvariant() });

        answer.Fails(HttpStatusCode.Conflict, "user_email");
    }

    [Fact]
    public async Task New_WithUnknownRole_Answers400()
    {
        var answer = await _api.PostAsync("/user/new", new { user_role = "org_admin" });

        answer.Fails(HttpStatusCode.BadRequest, "user_role");
    }

    [Fact]
    public async Task New_WithUnknownOrganizationOrTeam_Answers404()
    {
        var orgId = await _api.NewOrgAsync();

        var noOrg = await _api.PostAsync("/user/new", new { organization_id = AdminApi.NewId("nope") });
        var noTeam = await _api.PostAsync("/user/new", new { organization_id = orgId, teams = new[] { AdminApi.NewId("nope") } });

        noOrg.Fails(HttpStatusCode.NotFound, "organization_id");
        noTeam.Fails(HttpStatusCode.NotFound, "teams");
        Assert.Equal(0, (await _api.GetAsync($"/user/list?organization_id={orgId}")).Ok().Object["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task New_TakesTheActiveOrganizationFromTheHeaderBeforeTheBody()
    {
        var (headerOrg, bodyOrg) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());

        var user = (await _api.PostAsync("/user/new", new { organization_id = bodyOrg, auto_create_key = false }, headerOrg)).Ok().Object;

        Assert.Equal(headerOrg, user["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Info_AnswersUserInfoKeysAndTeams()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId, new { team_alias = "zeta" });
        var userId = AdminApi.NewId("user");
        var key = (await _api.PostAsync("/user/new", new { user_id = userId, organization_id = orgId, teams = new[] { teamId } })).Ok().Object["key"]!.GetValue<string>();

        var answer = await _api.GetAsync($"/user/info?user_id={userId}");

        var info = answer.Ok().Object;
        Assert.Equal(userId, info["user_id"]!.GetValue<string>());
        Assert.Equal(0m, info["user_info"]!["spend"]!.GetValue<decimal>());
        Assert.Equal([teamId], info["user_info"]!["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("sk-..." + key[^4..], Assert.Single(info["keys"]!.AsArray())!["key_name"]!.GetValue<string>());
        Assert.Equal("zeta", Assert.Single(info["teams"]!.AsArray())!["team_alias"]!.GetValue<string>());
        Assert.DoesNotContain(key, answer.Text);
    }

    [Fact]
    public async Task Info_UnknownUser_Answers404()
    {
        var answer = await _api.GetAsync("/user/info?user_id=" + AdminApi.NewId("nope"));

        answer.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_ByIdOrByEmail()
    {
        var email = AdminApi.NewId("upd") + "@example.com";
        var userId = await _api.NewUserAsync(null, new { user_email = email, user_alias = "old", rpm_limit = 3 });

        var byId = (await _api.PostAsync("/user/update", new { user_id = userId, user_alias = "new" })).Ok().Object;
        var byEmail = (await _api.PostAsync("/user/update", new { user_email = email, max_budget = 2 })).Ok().Object;

        Assert.Equal(userId, byId["user_id"]!.GetValue<string>());
        Assert.Equal("new", byId["data"]!["user_alias"]!.GetValue<string>());
        Assert.Equal(3, byId["data"]!["rpm_limit"]!.GetValue<int>());
        Assert.Equal(userId, byEmail["user_id"]!.GetValue<string>());
        Assert.Equal(2m, byEmail["data"]!["max_budget"]!.GetValue<decimal>());
        Assert.Equal("new", byEmail["data"]!["user_alias"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_UnknownUser_Answers404()
    {
        var answer = await _api.PostAsync("/user/update", new { user_id = AdminApi.NewId("nope"), user_alias = "x" });

        answer.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task Update_BlockingTheUser_RefusesTheUsersKeyOnTheNextRequest()
    {
        var userId = AdminApi.NewId("user");
        var key = (await _api.PostAsync("/user/new", new { user_id = userId })).Ok().Object["key"]!.GetValue<string>();

        (await _api.PostAsync("/user/update", new { user_id = userId, blocked = true })).Ok();

        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Delete_RemovesUsersAndTheirKeys()
    {
        var userId = AdminApi.NewId("user");
        var key = (await _api.PostAsync("/user/new", new { user_id = userId })).Ok().Object["key"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));

        var answer = (await _api.PostAsync("/user/delete", new { user_ids = new[] { userId } })).Ok().Object;

        Assert.Equal(1, answer["deleted_users"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        (await _api.GetAsync($"/user/info?user_id={userId}")).Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task Delete_WithAnUnknownId_Answers404_AndDeletesNothing()
    {
        var userId = await _api.NewUserAsync(null);

        var answer = await _api.PostAsync("/user/delete", new { user_ids = new[] { userId, AdminApi.NewId("nope") } });

        answer.Fails(HttpStatusCode.NotFound, "user_ids");
        (await _api.GetAsync($"/user/info?user_id={userId}")).Ok();
    }

    [Fact]
    public async Task List_PagesTheUsersOfAnOrganization()
    {
        var orgId = await _api.NewOrgAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await _api.NewUserAsync(orgId));

        var first = (await _api.GetAsync($"/user/list?organization_id={orgId}&page=1&page_size=2")).Ok().Object;
        var second = (await _api.GetAsync($"/user/list?organization_id={orgId}&page=2&page_size=2")).Ok().Object;

        Assert.Equal(3, first["total"]!.GetValue<long>());
        Assert.Equal(2, first["total_pages"]!.GetValue<long>());
        Assert.Equal(1, first["page"]!.GetValue<int>());
        Assert.Equal(2, first["page_size"]!.GetValue<int>());
        var listed = first["users"]!.AsArray().Concat(second["users"]!.AsArray()).Select(u => u!["user_id"]!.GetValue<string>());
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Single(second["users"]!.AsArray());
        Assert.Equal(0, first["users"]![0]!["key_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task SwitchOrg_ToAnOrganizationTheUserBelongsTo_SetsTheDefault()
    {
        var (first, second) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        var userId = await _api.NewUserAsync(first);
        (await _api.PostAsync("/organization/member_add", new { organization_id = second, member = new { user_id = userId } })).Ok();

        var user = (await _api.PostAsync("/user/switch_org", new { user_id = userId, organization_id = second })).Ok().Object;

        Assert.Equal(second, user["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SwitchOrg_ToAnOrganizationTheUserIsNotIn_Answers400()
    {
        var userId = await _api.NewUserAsync(await _api.NewOrgAsync());
        var other = await _api.NewOrgAsync();

        var answer = await _api.PostAsync("/user/switch_org", new { user_id = userId, organization_id = other });

        answer.Fails(HttpStatusCode.BadRequest, "organization_id");
    }

    [Fact]
    public async Task SwitchOrg_UnknownOrganizationOrUser_Answers404()
    {
        var orgId = await _api.NewOrgAsync();
        var userId = await _api.NewUserAsync(orgId);

        var noOrg = await _api.PostAsync("/user/switch_org", new { user_id = userId, organization_id = AdminApi.NewId("nope") });
        var noUser = await _api.PostAsync("/user/switch_org", new { user_id = AdminApi.NewId("nope"), organization_id = orgId });

        noOrg.Fails(HttpStatusCode.NotFound, "organization_id");
        noUser.Fails(HttpStatusCode.NotFound, "user_id");
    }
}

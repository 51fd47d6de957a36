using System.Net;
using System.Text.Json.Nodes;

namespace Routero.Silo.Tests.Admin;

public sealed class OrganizationEndpointsTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task New_WithFields_AnswersTheLiteLLMRow()
    {
        var id = AdminApi.NewId("org");

        var org = (await _api.PostAsync("/organization/new", new
        {
            organization_id = id, organization_alias = "Acme", models = new[] { "test/echo" }, max_budget = 12.5, budget_duration = "1mo",
            rpm_limit = 100, tpm_limit = 5000, max_parallel_requests = 3, soft_budget = 10, metadata = new { tier = "gold" },
            default_customer_max_budget = 0.5, default_customer_budget_duration = "1d",
        })).Ok().Object;

        Assert.Equal(id, org["organization_id"]!.GetValue<string>());
        Assert.Equal("Acme", org["organization_alias"]!.GetValue<string>());
        Assert.Equal(["test/echo"], org["models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(12.5m, org["max_budget"]!.GetValue<decimal>());
        Assert.Equal(10m, org["soft_budget"]!.GetValue<decimal>());
        Assert.Equal("1mo", org["budget_duration"]!.GetValue<string>());
        Assert.Equal(100, org["rpm_limit"]!.GetValue<int>());
        Assert.Equal(5000, org["tpm_limit"]!.GetValue<long>());
        Assert.Equal(3, org["max_parallel_requests"]!.GetValue<int>());
        Assert.Equal("gold", org["metadata"]!["tier"]!.GetValue<string>());
        Assert.Equal(0.5m, org["default_customer_max_budget"]!.GetValue<decimal>());
        Assert.Equal("1d", org["default_customer_budget_duration"]!.GetValue<string>());
        Assert.Equal("master_key", org["created_by"]!.GetValue<string>());
        Assert.False(org["blocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task New_WithoutId_GeneratesOne()
    {
        var org = (await _api.PostAsync("/organization/new", new { organization_alias = "a" })).Ok().Object;

        Assert.Matches("^[0-9a-f]{32}$", org["organization_id"]!.GetValue<string>());
        Assert.Null(org["max_budget"]);
        Assert.Equal(new JsonObject().ToJsonString(), org["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task New_WithoutAlias_Answers400()
    {
        var answer = await _api.PostAsync("/organization/new", new { organization_id = AdminApi.NewId("org") });

        answer.Fails(HttpStatusCode.BadRequest, "organization_alias");
    }

    [Fact]
    public async Task New_WithDuplicateId_Answers409_AndKeepsTheFirst()
    {
        var id = await _api.NewOrgAsync(new { organization_alias = "first" });

        var answer = await _api.PostAsync("/organization/new", new { organization_id = id, organization_alias = "second" });

        answer.Fails(HttpStatusCode.Conflict, "organization_id");
        var info = (await _api.GetAsync($"/organization/info?organization_id={id}")).Ok().Object;
        Assert.Equal("first", info["organization_alias"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task Update_ChangesOnlyTheGivenFields(string method)
    {
        var id = await _api.NewOrgAsync(new { max_budget = 5, rpm_limit = 7, models = new[] { "test/echo" } });

        var org = (await _api.SendAsync(new HttpMethod(method), "/organization/update",
            AdminApi.Json(new { organization_id = id, organization_alias = "renamed", max_budget = (decimal?)null }))).Ok().Object;

        Assert.Equal("renamed", org["organization_alias"]!.GetValue<string>());
        Assert.Null(org["max_budget"]);
        Assert.Equal(7, org["rpm_limit"]!.GetValue<int>());
        Assert.Equal(["test/echo"], org["models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty(org["members"]!.AsArray());
        Assert.Empty(org["teams"]!.AsArray());
    }

    [Fact]
    public async Task Update_UnknownOrganization_Answers404()
    {
        var answer = await _api.PostAsync("/organization/update", new { organization_id = AdminApi.NewId("nope"), organization_alias = "x" });

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
    }

    [Fact]
    public async Task Info_AnswersRowMembersTeamsAndSpend()
    {
        var id = await _api.NewOrgAsync(new { max_budget = 3, budget_duration = "1d" });
        var teamId = await _api.NewTeamAsync(id);
        var userId = await _api.NewUserAsync(id, new { user_email = AdminApi.NewId("u") + "@example.com" });

        var info = (await _api.GetAsync($"/organization/info?organization_id={id}")).Ok().Object;

        Assert.Equal(id, info["organization_id"]!.GetValue<string>());
        Assert.Equal(0m, info["spend"]!.GetValue<decimal>());
        Assert.NotNull(info["budget_reset_at"]);
        var member = Assert.Single(info["members"]!.AsArray())!;
        Assert.Equal(userId, member["user_id"]!.GetValue<string>());
        Assert.Equal("internal_user", member["user_role"]!.GetValue<string>());
        Assert.Equal(teamId, Assert.Single(info["teams"]!.AsArray())!["team_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Info_UnknownOrganization_Answers404()
    {
        var answer = await _api.GetAsync("/organization/info?organization_id=" + AdminApi.NewId("nope"));

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
    }

    [Fact]
    public async Task InfoPost_WithSeveralIds_AnswersAnArray()
    {
        var a = await _api.NewOrgAsync();
        var b = await _api.NewOrgAsync();

        var infos = (await _api.PostAsync("/organization/info", new { organizations = new[] { a, b } })).Ok().Array;

        Assert.Equal([a, b], infos.Select(o => o!["organization_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_ContainsCreatedOrganizations()
    {
        var id = await _api.NewOrgAsync();

        var orgs = (await _api.GetAsync("/organization/list")).Ok().Array;

        Assert.Single(orgs, o => o!["organization_id"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task Delete_CascadesTeamsKeysAndCustomers(string method)
    {
        var (orgId, teamId, key, _) = await _api.NewTeamKeyAsync();
        (await _api.PostAsync("/customer/new", new { user_id = "carol" }, orgId)).Ok();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));

        var deleted = (await _api.SendAsync(new HttpMethod(method), "/organization/delete", AdminApi.Json(new { organization_ids = new[] { orgId } }))).Ok().Array;

        Assert.Equal(orgId, Assert.Single(deleted)!["organization_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        (await _api.GetAsync($"/team/info?team_id={teamId}")).Fails(HttpStatusCode.NotFound, "team_id");
        (await _api.GetAsync("/customer/info?end_user_id=carol", orgId)).Fails(HttpStatusCode.NotFound, "end_user_id");
    }

    [Fact]
    public async Task Delete_WithAnUnknownId_Answers404_AndDeletesNothing()
    {
        var (orgId, _, key, _) = await _api.NewTeamKeyAsync();

        var answer = await _api.PostAsync("/organization/delete", new { organization_ids = new[] { orgId, AdminApi.NewId("nope") } });

        answer.Fails(HttpStatusCode.NotFound, "organization_ids");
        (await _api.GetAsync($"/organization/info?organization_id={orgId}")).Ok();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Delete_KeepsUsersOfTheOrganization_WithoutADefaultOrganization()
    {
        var orgId = await _api.NewOrgAsync();
        var userId = await _api.NewUserAsync(orgId);

        (await _api.PostAsync("/organization/delete", new { organization_ids = new[] { orgId } })).Ok();

        var user = (await _api.GetAsync($"/user/info?user_id={userId}")).Ok().Object;
        Assert.Null(user["user_info"]!["organization_id"]);
        Assert.Empty(user["user_info"]!["organization_memberships"]!.AsArray());
    }

    [Fact]
    public async Task MemberAdd_CreatesUnknownUsers_AndAddsExistingOnes()
    {
        var orgId = await _api.NewOrgAsync();
        var existing = await _api.NewUserAsync(null);
        var newId = AdminApi.NewId("new");

        var answer = (await _api.PostAsync("/organization/member_add", new
        {
            organization_id = orgId,
            member = new object[] { new { user_id = existing, role = "org_admin" }, new { user_id = newId, role = "internal_user_viewer" } },
        })).Ok().Object;

        Assert.Equal(orgId, answer["organization_id"]!.GetValue<string>());
        Assert.Equal([existing, newId], answer["updated_users"]!.AsArray().Select(u => u!["user_id"]!.GetValue<string>()));
        Assert.Equal(["org_admin", "internal_user_viewer"],
            answer["updated_organization_memberships"]!.AsArray().Select(m => m!["user_role"]!.GetValue<string>()));
        var created = (await _api.GetAsync($"/user/info?user_id={newId}")).Ok().Object;
        Assert.Equal("internal_user", created["user_info"]!["user_role"]!.GetValue<string>());
        var info = (await _api.GetAsync($"/organization/info?organization_id={orgId}")).Ok().Object;
        Assert.Equal(2, info["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task MemberAdd_ByEmail_CreatesTheUserWithThatEmail()
    {
        var orgId = await _api.NewOrgAsync();
        var email = AdminApi.NewId("m") + "@example.com";

        var answer = (await _api.PostAsync("/organization/member_add", new { organization_id = orgId, member = new { user_email = email } })).Ok().Object;

        var user = Assert.Single(answer["updated_users"]!.AsArray())!;
        Assert.Equal(email, user["user_email"]!.GetValue<string>());
        Assert.Equal(orgId, user["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task MemberAdd_ExistingMember_Answers409()
    {
        var orgId = await _api.NewOrgAsync();
        var userId = await _api.NewUserAsync(orgId);

        var answer = await _api.PostAsync("/organization/member_add", new { organization_id = orgId, member = new { user_id = userId } });

        answer.Fails(HttpStatusCode.Conflict, "member");
    }

    [Fact]
    public async Task MemberAdd_UnknownOrganization_Answers404_AndCreatesNoUser()
    {
        var newId = AdminApi.NewId("new");

        var answer = await _api.PostAsync("/organization/member_add", new { organization_id = AdminApi.NewId("nope"), member = new { user_id = newId } });

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
        (await _api.GetAsync($"/user/info?user_id={newId}")).Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task MemberAdd_WithUnknownRole_Answers400NamingIt()
    {
        var orgId = await _api.NewOrgAsync();

        var answer = await _api.PostAsync("/organization/member_add", new { organization_id = orgId, member = new { user_id = "x", role = "proxy_admin" } });

        answer.Fails(HttpStatusCode.BadRequest, "member.role");
    }

    [Theory]
    [InlineData("POST", "/organization/member_permission_update")]
    [InlineData("PATCH", "/organization/member_update")]
    public async Task MemberPermissionUpdate_ChangesTheRole_ScopedToATeam(string method, string path)
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var userId = await _api.NewUserAsync(orgId);

        var membership = (await _api.SendAsync(new HttpMethod(method), path,
            AdminApi.Json(new { organization_id = orgId, user_id = userId, role = "org_admin", team_id = teamId }))).Ok().Object;

        Assert.Equal("org_admin", membership["user_role"]!.GetValue<string>());
        Assert.Equal(teamId, membership["team_id"]!.GetValue<string>());
        var member = Assert.Single((await _api.GetAsync($"/organization/info?organization_id={orgId}")).Ok().Object["members"]!.AsArray())!;
        Assert.Equal("org_admin", member["user_role"]!.GetValue<string>());
        Assert.Equal(teamId, member["team_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task MemberPermissionUpdate_NonMember_Answers404()
    {
        var orgId = await _api.NewOrgAsync();
        var outsider = await _api.NewUserAsync(null);

        var answer = await _api.PostAsync("/organization/member_permission_update", new { organization_id = orgId, user_id = outsider, role = "org_admin" });

        answer.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task MemberPermissionUpdate_TeamOfAnotherOrganization_Answers400()
    {
        var orgId = await _api.NewOrgAsync();
        var otherTeam = await _api.NewTeamAsync(await _api.NewOrgAsync());
        var userId = await _api.NewUserAsync(orgId);

        var answer = await _api.PostAsync("/organization/member_permission_update",
            new { organization_id = orgId, user_id = userId, role = "org_admin", team_id = otherTeam });

        answer.Fails(HttpStatusCode.BadRequest, "team_id");
    }
}

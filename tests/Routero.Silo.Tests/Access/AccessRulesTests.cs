using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Routero.Access;

namespace Routero.Silo.Tests.Access;

/// <summary>The rules behind the matrix: escalation, team scoping, immediacy, custom roles, start-up checks.</summary>
public sealed class AccessRulesTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    private Task<Admin.Answer> As(Caller caller, HttpMethod method, string path, object? body = null) =>
        world.Api.SendAsync(method, path, body is null ? null : Admin.AdminApi.Json(body), bearer: world.KeyOf(caller));

    [Fact]
    public async Task UserNew_OrgAdminGivingAGlobalRole_Answers403()
    {
        var answer = await As(Caller.OrgAdmin, HttpMethod.Post, "/user/new", new { organization_id = world.OrgA, user_role = "proxy_admin", auto_create_key = false });

        answer.Fails(HttpStatusCode.Forbidden, "user_role");
    }

    [Fact]
    public async Task UserUpdate_OrgAdminRaisingSomeoneToProxyAdmin_Answers403AndChangesNothing()
    {
        var user = await world.NewUserAsync();

        var answer = await As(Caller.OrgAdmin, HttpMethod.Post, "/user/update", new { user_id = user, user_role = "proxy_admin" });

        answer.Fails(HttpStatusCode.Forbidden, "user_role");
        var info = (await world.Api.GetAsync($"/user/info?user_id={user}")).Ok().Object;
        Assert.Equal("internal_user", info["user_info"]!["user_role"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyGenerate_AsDeveloperWithoutUser_IsOwnedByTheDeveloper()
    {
        var team = await world.NewTeamAsync();

        var key = (await As(Caller.Developer, HttpMethod.Post, "/key/generate", new { team_id = team })).Ok().Object;

        Assert.Equal(world.UserIds[Caller.Developer], key["user_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await world.Api.ChatAsync(key["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task KeyGenerate_AsDeveloperForSomeoneElse_Answers403()
    {
        var team = await world.NewTeamAsync();

        var answer = await As(Caller.Developer, HttpMethod.Post, "/key/generate", new { team_id = team, user_id = world.UserIds[Caller.Auditor] });

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
    }

    [Fact]
    public async Task KeyGenerate_AsDeveloperInATeamTheyAreNotIn_Answers403()
    {
        var team = await world.Api.NewTeamAsync(world.OrgA);

        var answer = await As(Caller.Developer, HttpMethod.Post, "/key/generate", new { team_id = team });

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
    }

    [Fact]
    public async Task TeamUpdate_TeamAdminRemovingTheBudget_Answers403()
    {
        var team = await world.NewTeamAsync();

        var answer = await As(Caller.TeamAdmin, HttpMethod.Post, "/team/update", new JsonObject { ["team_id"] = team, ["max_budget"] = null });

        answer.Fails(HttpStatusCode.Forbidden, "max_budget");
    }

    [Fact]
    public async Task TeamUpdate_TeamAdminChangingTheWindow_Answers403()
    {
        var team = await world.NewTeamAsync();

        var answer = await As(Caller.TeamAdmin, HttpMethod.Post, "/team/update", new { team_id = team, budget_duration = "1d" });

        answer.Fails(HttpStatusCode.Forbidden, "budget_duration");
    }

    [Fact]
    public async Task TeamScopedOrgAdmin_ManagesOnlyThatTeam()
    {
        var (mine, other) = (await world.NewTeamAsync(), await world.NewTeamAsync());
        var (user, key) = await NewUserWithKeyAsync();
        (await world.Api.PostAsync("/organization/member_permission_update", new { organization_id = world.OrgA, user_id = user, role = "org_admin", team_id = mine })).Ok();

        var own = await world.Api.SendAsync(HttpMethod.Post, "/team/update", Admin.AdminApi.Json(new { team_id = mine, team_alias = "x" }), bearer: key);
        var theirs = await world.Api.SendAsync(HttpMethod.Post, "/team/update", Admin.AdminApi.Json(new { team_id = other, team_alias = "x" }), bearer: key);
        var org = await world.Api.SendAsync(HttpMethod.Get, $"/organization/info?organization_id={world.OrgA}", null, bearer: key);

        own.Ok();
        Assert.Equal(HttpStatusCode.Forbidden, theirs.Status);
        Assert.Equal(HttpStatusCode.Forbidden, org.Status);
    }

    [Fact]
    public async Task RoleChange_TakesEffectOnTheNextCall()
    {
        var (user, key) = await NewUserWithKeyAsync();
        (await world.Api.PostAsync("/organization/member_permission_update", new { organization_id = world.OrgA, user_id = user, role = "org_admin" })).Ok();
        var before = await world.Api.SendAsync(HttpMethod.Post, "/team/new", Admin.AdminApi.Json(new { organization_id = world.OrgA, team_alias = "t" }), bearer: key);

        (await world.Api.PostAsync("/organization/member_permission_update", new { organization_id = world.OrgA, user_id = user, role = "internal_user_viewer" })).Ok();
        var after = await world.Api.SendAsync(HttpMethod.Post, "/team/new", Admin.AdminApi.Json(new { organization_id = world.OrgA, team_alias = "t" }), bearer: key);

        before.Ok();
        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
    }

    [Fact]
    public async Task AdminCall_WithKeyOfABlockedUser_Answers401()
    {
        var (user, key) = await NewUserWithKeyAsync();
        (await world.Api.PostAsync("/user/update", new { user_id = user, blocked = true })).Ok();

        var answer = await world.Api.SendAsync(HttpMethod.Get, "/user/info", null, bearer: key);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    [Fact]
    public async Task UserInfo_WithoutUserId_AnswersTheCallersOwnUser()
    {
        var answer = await As(Caller.Developer, HttpMethod.Get, "/user/info");

        Assert.Equal(world.UserIds[Caller.Developer], answer.Ok().Object["user_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"r":["/no/such/route"]}""", "custom_roles.r")]
    [InlineData("""{"org_admin":["/key/list"]}""", "custom_roles")]
    [InlineData("""{"r":[]}""", "custom_roles.r")]
    [InlineData("""{"r":["/organization/new"]}""", "custom_roles.r")]
    [InlineData("""{"bad name":["/key/list"]}""", "custom_roles")]
    [InlineData("""["/key/list"]""", "custom_roles")]
    public async Task OrganizationUpdate_WithBadCustomRoles_Answers400NamingTheField(string roles, string param)
    {
        var org = await world.Api.NewOrgAsync();

        var answer = await world.Api.SendAsync(HttpMethod.Post, "/organization/update", $$"""{"organization_id":"{{org}}","custom_roles":{{roles}}}""");

        answer.Fails(HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task MemberUpdate_WithARoleTheOrganizationDoesNotDefine_Answers400()
    {
        var user = await world.NewUserAsync();

        var answer = await world.Api.PostAsync("/organization/member_permission_update", new { organization_id = world.OrgA, user_id = user, role = "no_such_role" });

        answer.Fails(HttpStatusCode.BadRequest, "role");
    }

    [Fact]
    public void AdminRoutes_OneWithoutAPermission_StopTheStart()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        var admin = app.MapGroup("").WithMetadata(AdminRouteMarker.Instance);
        admin.MapGet("/declared", () => "ok").Requires(AdminPermission.KeyRead);
        admin.MapGet("/forgotten", () => "ok");

        var error = Assert.Throws<InvalidOperationException>(app.VerifyAdminRoutesDeclarePermissions);

        Assert.Contains("/forgotten", error.Message);
        Assert.DoesNotContain("/declared", error.Message);
    }

    private async Task<(string User, string Key)> NewUserWithKeyAsync()
    {
        var user = (await world.Api.PostAsync("/user/new", new { organization_id = world.OrgA, user_id = Admin.AdminApi.NewId("u") })).Ok().Object;
        return (user["user_id"]!.GetValue<string>(), user["key"]!.GetValue<string>());
    }
}

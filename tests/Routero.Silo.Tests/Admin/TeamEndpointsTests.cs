using System.Net;

namespace Routero.Silo.Tests.Admin;

public sealed class TeamEndpointsTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task New_WithFieldsAndMembers_AnswersTheRow_AndCreatesUnknownMembers()
    {
        var orgId = await _api.NewOrgAsync();
        var existing = await _api.NewUserAsync(orgId);
        var newId = AdminApi.NewId("new");

        var team = (await _api.PostAsync("/team/new", new
        {
            team_alias = "Search", organization_id = orgId, models = new[] { "test/echo" }, max_budget = 20, budget_duration = "30d",
            rpm_limit = 10, tpm_limit = 1000, max_parallel_requests = 2, metadata = new { cost_center = "42" },
            members_with_roles = new object[] { new { role = "admin", user_id = existing }, new { user_id = newId } },
        })).Ok().Object;

        Assert.Equal("Search", team["team_alias"]!.GetValue<string>());
        Assert.Equal(orgId, team["organization_id"]!.GetValue<string>());
        Assert.Equal(20m, team["max_budget"]!.GetValue<decimal>());
        Assert.Equal("30d", team["budget_duration"]!.GetValue<string>());
        Assert.Equal(2, team["max_parallel_requests"]!.GetValue<int>());
        Assert.Equal("42", team["metadata"]!["cost_center"]!.GetValue<string>());
        var roles = team["members_with_roles"]!.AsArray().ToDictionary(m => m!["user_id"]!.GetValue<string>(), m => m!["role"]!.GetValue<string>());
        Assert.Equal("admin", roles[existing]);
        Assert.Equal("user", roles[newId]);
        var created = (await _api.GetAsync($"/user/info?user_id={newId}")).Ok().Object;
        Assert.Equal(orgId, created["user_info"]!["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_WithoutOrganization_CreatesAnOrgLessTeamWhoseKeysWork()
    {
        var team = (await _api.PostAsync("/team/new", new { team_alias = "t" })).Ok().Object;
        var teamId = team["team_id"]!.GetValue<string>();
        var key = (await _api.PostAsync("/key/generate", new { team_id = teamId })).Ok().Object["key"]!.GetValue<string>();

        Assert.Null(team["organization_id"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task New_TakesTheOrganizationFromTheHeader()
    {
        var orgId = await _api.NewOrgAsync();

        var team = (await _api.PostAsync("/team/new", new { team_alias = "t" }, orgId)).Ok().Object;

        Assert.Equal(orgId, team["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_UnknownOrganization_Answers404()
    {
        var answer = await _api.PostAsync("/team/new", new { team_alias = "t", organization_id = AdminApi.NewId("nope") });

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
    }

    [Fact]
    public async Task New_WithDuplicateId_Answers409_AndCreatesNoneOfItsMembers()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var newId = AdminApi.NewId("new");

        var answer = await _api.PostAsync("/team/new", new
        {
            team_id = teamId, team_alias = "again", organization_id = orgId, members_with_roles = new[] { new { user_id = newId } },
        });

        answer.Fails(HttpStatusCode.Conflict, "team_id");
        (await _api.GetAsync($"/user/info?user_id={newId}")).Fails(HttpStatusCode.NotFound, "user_id");
        var info = (await _api.GetAsync($"/team/info?team_id={teamId}")).Ok().Object;
        Assert.Equal("team", info["team_info"]!["team_alias"]!.GetValue<string>());
        Assert.Empty(info["team_info"]!["members_with_roles"]!.AsArray());
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndAnswersTeamIdAndData()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId, new { rpm_limit = 5, max_budget = 9 });

        var answer = (await _api.PostAsync("/team/update", new { team_id = teamId, team_alias = "renamed", rpm_limit = (int?)null })).Ok().Object;

        Assert.Equal(teamId, answer["team_id"]!.GetValue<string>());
        var data = answer["data"]!;
        Assert.Equal("renamed", data["team_alias"]!.GetValue<string>());
        Assert.Null(data["rpm_limit"]);
        Assert.Equal(9m, data["max_budget"]!.GetValue<decimal>());
        Assert.Equal(orgId, data["organization_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_ConcurrentChangesOfDifferentFields_AllLand()
    {
        // Three writers: each can lose the optimistic race at most twice, within the facade's retries.
        var teamId = await _api.NewTeamAsync(await _api.NewOrgAsync());
        object[] updates = [new { team_id = teamId, rpm_limit = 1 }, new { team_id = teamId, tpm_limit = 2 }, new { team_id = teamId, max_parallel_requests = 3 }];

        var answers = await Task.WhenAll(updates.Select(u => _api.PostAsync("/team/update", u)));

        Assert.All(answers, a => a.Ok());
        var info = (await _api.GetAsync($"/team/info?team_id={teamId}")).Ok().Object["team_info"]!;
        Assert.Equal(1, info["rpm_limit"]!.GetValue<int>());
        Assert.Equal(2, info["tpm_limit"]!.GetValue<long>());
        Assert.Equal(3, info["max_parallel_requests"]!.GetValue<int>());
    }

    [Fact]
    public async Task Update_UnknownTeam_Answers404()
    {
        var answer = await _api.PostAsync("/team/update", new { team_id = AdminApi.NewId("nope"), team_alias = "x" });

        answer.Fails(HttpStatusCode.NotFound, "team_id");
    }

    [Fact]
    public async Task Update_MovingToAnotherOrganization_MovesTheKeys()
    {
        var (_, teamId, key, token) = await _api.NewTeamKeyAsync();
        var other = await _api.NewOrgAsync();

        (await _api.PostAsync("/team/update", new { team_id = teamId, organization_id = other })).Ok();

        var info = (await _api.GetAsync($"/key/info?key={token}")).Ok().Object;
        Assert.Equal(other, info["info"]!["organization_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Info_AnswersTeamInfoKeysAndMemberships()
    {
        var (_, teamId, key, token) = await _api.NewTeamKeyAsync();
        var userId = AdminApi.NewId("member");
        (await _api.PostAsync("/team/member_add", new { team_id = teamId, member = new { user_id = userId, role = "admin" } })).Ok();

        var answer = await _api.GetAsync($"/team/info?team_id={teamId}");

        var info = answer.Ok().Object;
        Assert.Equal(teamId, info["team_id"]!.GetValue<string>());
        Assert.Equal(0m, info["team_info"]!["spend"]!.GetValue<decimal>());
        var listed = Assert.Single(info["keys"]!.AsArray())!;
        Assert.Equal(token, listed["token"]!.GetValue<string>());
        Assert.Equal("sk-..." + key[^4..], listed["key_name"]!.GetValue<string>());
        Assert.DoesNotContain(key, answer.Text);
        var membership = Assert.Single(info["team_memberships"]!.AsArray())!;
        Assert.Equal(userId, membership["user_id"]!.GetValue<string>());
        Assert.Equal("admin", membership["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Info_UnknownTeam_Answers404()
    {
        var answer = await _api.GetAsync("/team/info?team_id=" + AdminApi.NewId("nope"));

        answer.Fails(HttpStatusCode.NotFound, "team_id");
    }

    [Fact]
    public async Task List_FiltersByOrganizationAndUser_SortedByAlias()
    {
        var orgId = await _api.NewOrgAsync();
        var b = await _api.NewTeamAsync(orgId, new { team_alias = "bravo" });
        var a = await _api.NewTeamAsync(orgId, new { team_alias = "alpha" });
        var userId = AdminApi.NewId("member");
        (await _api.PostAsync("/team/member_add", new { team_id = b, member = new { user_id = userId } })).Ok();

        var byOrg = (await _api.GetAsync($"/team/list?organization_id={orgId}")).Ok().Array;
        var byUser = (await _api.GetAsync($"/team/list?user_id={userId}")).Ok().Array;

        Assert.Equal([a, b], byOrg.Select(t => t!["team_id"]!.GetValue<string>()));
        Assert.Equal([b], byUser.Select(t => t!["team_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_RemovesTheTeamAndItsKeys_OnTheVeryNextRequest()
    {
        var (_, teamId, key, token) = await _api.NewTeamKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));

        var answer = (await _api.PostAsync("/team/delete", new { team_ids = new[] { teamId } })).Ok().Object;

        Assert.Equal([teamId], answer["deleted_teams"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        (await _api.GetAsync($"/key/info?key={token}")).Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Delete_WithAnUnknownId_Answers404_AndDeletesNothing()
    {
        var (_, teamId, key, _) = await _api.NewTeamKeyAsync();

        var answer = await _api.PostAsync("/team/delete", new { team_ids = new[] { teamId, AdminApi.NewId("nope") } });

        answer.Fails(HttpStatusCode.NotFound, "team_ids");
        (await _api.GetAsync($"/team/info?team_id={teamId}")).Ok();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task MemberAdd_WithArray_AnswersTeamUpdatedUsersAndMemberships()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var (one, two) = (AdminApi.NewId("one"), AdminApi.NewId("two"));

        var answer = (await _api.PostAsync("/team/member_add", new
        {
            team_id = teamId, member = new object[] { new { user_id = one }, new { user_id = two, role = "admin" } },
        })).Ok().Object;

        Assert.Equal(teamId, answer["team_id"]!.GetValue<string>());
        Assert.Equal([one, two], answer["updated_users"]!.AsArray().Select(u => u!["user_id"]!.GetValue<string>()));
        Assert.Equal(["user", "admin"], answer["updated_team_memberships"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(2, answer["members_with_roles"]!.AsArray().Count);
    }

    [Fact]
    public async Task MemberAdd_ExistingMember_Answers409()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var userId = await _api.NewUserAsync(orgId);
        (await _api.PostAsync("/team/member_add", new { team_id = teamId, member = new { user_id = userId } })).Ok();

        var answer = await _api.PostAsync("/team/member_add", new { team_id = teamId, member = new { user_id = userId } });

        answer.Fails(HttpStatusCode.Conflict, "member");
    }

    [Fact]
    public async Task MemberAdd_UnknownTeam_Answers404()
    {
        var answer = await _api.PostAsync("/team/member_add", new { team_id = AdminApi.NewId("nope"), member = new { user_id = "u" } });

        answer.Fails(HttpStatusCode.NotFound, "team_id");
    }

    [Fact]
    public async Task MemberAdd_WithoutUserIdOrEmail_Answers400()
    {
        var answer = await _api.PostAsync("/team/member_add", new { team_id = "t", member = new { role = "user" } });

        answer.Fails(HttpStatusCode.BadRequest, "member.user_id");
    }

    [Fact]
    public async Task MemberDelete_RemovesTheMember()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);
        var email = AdminApi.NewId("m") + "@example.com";
        (await _api.PostAsync("/team/member_add", new { team_id = teamId, member = new { user_email = email } })).Ok();

        var team = (await _api.PostAsync("/team/member_delete", new { team_id = teamId, user_email = email.ToUpperInvariant() })).Ok().Object;

        Assert.Equal(teamId, team["team_id"]!.GetValue<string>());
        Assert.Empty(team["members_with_roles"]!.AsArray());
    }

    [Fact]
    public async Task MemberDelete_NonMember_Answers404()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);

        var answer = await _api.PostAsync("/team/member_delete", new { team_id = teamId, user_id = AdminApi.NewId("nope") });

        answer.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task BlockAndUnblock_TakeEffectOnTheVeryNextRequest()
    {
        var (_, teamId, key, _) = await _api.NewTeamKeyAsync();

        var blocked = (await _api.PostAsync("/team/block", new { team_id = teamId })).Ok().Object;
        var whileBlocked = await _api.ModelsStatusAsync(key);
        var unblocked = (await _api.PostAsync("/team/unblock", new { team_id = teamId })).Ok().Object;
        var afterUnblock = await _api.ModelsStatusAsync(key);

        Assert.True(blocked["blocked"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, whileBlocked);
        Assert.False(unblocked["blocked"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, afterUnblock);
    }

    [Fact]
    public async Task Block_UnknownTeam_Answers404()
    {
        var answer = await _api.PostAsync("/team/block", new { team_id = AdminApi.NewId("nope") });

        answer.Fails(HttpStatusCode.NotFound, "team_id");
    }
}

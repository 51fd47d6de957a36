using System.Net;
using Routero.Keys;

namespace Routero.Silo.Tests.Admin;

public sealed class KeyEndpointsTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task Generate_AnswersTheKeyOnce_WithItsHashAndMaskedName()
    {
        var orgId = await _api.NewOrgAsync();
        var teamId = await _api.NewTeamAsync(orgId);

        var answer = (await _api.PostAsync("/key/generate", new
        {
            team_id = teamId, key_alias = AdminApi.NewId("alias"), models = new[] { "test/echo" }, max_budget = 1.5, budget_duration = "1d",
            rpm_limit = 10, tpm_limit = 100, max_parallel_requests = 2, credit_limit_usd = 5, environment = "prod",
            allow_ips = new[] { "127.0.0.1", "10.0.0.0/8", "::1" }, metadata = new { owner = "ci" },
        })).Ok().Object;

        var key = answer["key"]!.GetValue<string>();
        Assert.Matches("^sk-[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(KeyHash.Of(key).ToHex(), answer["token"]!.GetValue<string>());
        Assert.Equal(answer["token"]!.GetValue<string>(), answer["token_id"]!.GetValue<string>());
        Assert.Equal("sk-..." + key[^4..], answer["key_name"]!.GetValue<string>());
        Assert.Equal(orgId, answer["organization_id"]!.GetValue<string>());
        Assert.Equal(teamId, answer["team_id"]!.GetValue<string>());
        Assert.Null(answer["expires"]);
        Assert.Equal(5m, answer["credit_limit_usd"]!.GetValue<decimal>());
        Assert.Equal(["127.0.0.1", "10.0.0.0/8", "::1"], answer["allow_ips"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Theory]
    [InlineData("30s", 0, 0, 30)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("1h", 1, 0, 0)]
    [InlineData("90d", 90 * 24, 0, 0)]
    public async Task Generate_WithDuration_ExpiresThatLongAfterCreation(string duration, int hours, int minutes, int seconds)
    {
        var (_, _, _, token) = await _api.NewTeamKeyAsync(new { duration });

        var info = (await _api.GetAsync($"/key/info?key={token}")).Ok().Object["info"]!;

        var created = info["created_at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(created + new TimeSpan(hours, minutes, seconds), info["expires"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Generate_WithDurationInMonths_ExpiresOnTheSameDayOfTheMonth()
    {
        var (_, _, _, token) = await _api.NewTeamKeyAsync(new { duration = "1mo" });

        var info = (await _api.GetAsync($"/key/info?key={token}")).Ok().Object["info"]!;

        Assert.Equal(info["created_at"]!.GetValue<DateTimeOffset>().AddMonths(1), info["expires"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Generate_WithExpiredTimeInThePast_GivesAKeyThatIsRefused()
    {
        var (_, _, key, _) = await _api.NewTeamKeyAsync(new { expired_time = "2020-01-01T00:00:00Z" });

        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Generate_WithUnknownTeamOrUser_Answers404_AndCreatesNothing()
    {
        var noTeam = await _api.PostAsync("/key/generate", new { team_id = AdminApi.NewId("nope") });
        var noUser = await _api.PostAsync("/key/generate", new { user_id = AdminApi.NewId("nope") });

        noTeam.Fails(HttpStatusCode.NotFound, "team_id");
        noUser.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task Generate_ForAUser_TakesTheUsersOrganization()
    {
        var orgId = await _api.NewOrgAsync();
        var userId = await _api.NewUserAsync(orgId);

        var answer = (await _api.PostAsync("/key/generate", new { user_id = userId })).Ok().Object;

        Assert.Equal(userId, answer["user_id"]!.GetValue<string>());
        Assert.Equal(orgId, answer["organization_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(answer["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Generate_WithAnOrganizationOtherThanTheTeams_Answers400()
    {
        var teamId = await _api.NewTeamAsync(await _api.NewOrgAsync());
        var other = await _api.NewOrgAsync();

        var answer = await _api.PostAsync("/key/generate", new { team_id = teamId, organization_id = other });

        answer.Fails(HttpStatusCode.BadRequest, "organization_id");
    }

    [Fact]
    public async Task Generate_WithDuplicateAlias_Answers409()
    {
        var alias = AdminApi.NewId("alias");
        await _api.NewTeamKeyAsync(new { key_alias = alias });

        var answer = await _api.PostAsync("/key/generate", new { key_alias = alias });

        answer.Fails(HttpStatusCode.Conflict, "key_alias");
    }

    [Fact]
    public async Task Generate_MergesLiteLLMPerModelFieldsIntoModelLimits()
    {
        var (_, _, _, token) = await _api.NewTeamKeyAsync(new
        {
            model_limits_enabled = true,
            model_limits = new Dictionary<string, object> { ["test/echo"] = new { tpm_limit = 500 } },
            model_rpm_limit = new Dictionary<string, int> { ["test/echo"] = 7, ["test/priced"] = 3 },
            model_max_budget = new Dictionary<string, object> { ["test/priced"] = new { budget_limit = 0.25 } },
        });

        var limits = (await _api.GetAsync($"/key/info?key={token}")).Ok().Object["info"]!["model_limits"]!;

        Assert.Equal(7, limits["test/echo"]!["rpm_limit"]!.GetValue<int>());
        Assert.Equal(500, limits["test/echo"]!["tpm_limit"]!.GetValue<long>());
        Assert.Equal(3, limits["test/priced"]!["rpm_limit"]!.GetValue<int>());
        Assert.Equal(0.25m, limits["test/priced"]!["max_budget"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Info_ByKeyOrToken_NeverContainsTheKey()
    {
        var (_, teamId, key, token) = await _api.NewTeamKeyAsync();

        var byKey = await _api.GetAsync($"/key/info?key={key}");
        var byToken = await _api.GetAsync($"/key/info?key={token}");

        Assert.Equal(key, byKey.Ok().Object["key"]!.GetValue<string>());
        Assert.Equal(1, byKey.Text.Split(key).Length - 1);
        Assert.DoesNotContain(key, byToken.Ok().Text);
        var info = byToken.Object["info"]!;
        Assert.Equal(teamId, info["team_id"]!.GetValue<string>());
        Assert.Equal("sk-..." + key[^4..], info["key_name"]!.GetValue<string>());
        Assert.Null(info["token"]);
        Assert.Equal(0m, info["spend"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Info_UnknownKey_Answers404()
    {
        var answer = await _api.GetAsync("/key/info?key=" + KeyHash.Of("sk-unknown").ToHex());

        answer.Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndAnswersTheKeyAsPassed()
    {
        var (_, _, key, token) = await _api.NewTeamKeyAsync(new { duration = "1h", rpm_limit = 5, max_budget = 1 });

        var answer = (await _api.PostAsync("/key/update", new { key = token, max_budget = 2, duration = (string?)null })).Ok().Object;

        Assert.Equal(token, answer["key"]!.GetValue<string>());
        Assert.Equal(2m, answer["max_budget"]!.GetValue<decimal>());
        Assert.Equal(5, answer["rpm_limit"]!.GetValue<int>());
        Assert.Null(answer["expires"]);
        Assert.DoesNotContain(key, AdminApi.Json(answer));
    }

    [Fact]
    public async Task Update_RestrictingModels_TakesEffectOnTheVeryNextRequest()
    {
        var (_, _, key, _) = await _api.NewTeamKeyAsync();

        (await _api.PostAsync("/key/update", new { key, models = new[] { "test/priced" } })).Ok();

        Assert.Equal(HttpStatusCode.Forbidden, await _api.ChatAsync(key, "test/echo"));
    }

    [Fact]
    public async Task Update_UnknownKey_Answers404()
    {
        var answer = await _api.PostAsync("/key/update", new { key = "sk-does-not-exist", max_budget = 1 });

        answer.Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Regenerate_RefusesTheOldKeyOnTheVeryNextRequest_AndKeepsSpend()
    {
        var (_, _, key, token) = await _api.NewTeamKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(key));
        var before = (await _api.GetAsync($"/key/info?key={token}")).Ok().Object["info"]!;

        var answer = (await _api.PostAsync("/key/regenerate", new { key })).Ok().Object;

        var newKey = answer["key"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(newKey));
        Assert.Equal(KeyHash.Of(newKey).ToHex(), answer["token"]!.GetValue<string>());
        Assert.Equal("sk-..." + newKey[^4..], answer["key_name"]!.GetValue<string>());
        var after = (await _api.GetAsync($"/key/info?key={newKey}")).Ok().Object["info"]!;
        Assert.True(before["spend"]!.GetValue<decimal>() > 0);
        Assert.Equal(before["spend"]!.GetValue<decimal>(), after["spend"]!.GetValue<decimal>());
        Assert.Equal(before["key_id"]!.GetValue<string>(), after["key_id"]!.GetValue<string>());
        (await _api.GetAsync($"/key/info?key={token}")).Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Regenerate_ByPath_WithoutBody_IssuesANewKey()
    {
        var (_, _, key, token) = await _api.NewTeamKeyAsync();

        var answer = (await _api.SendAsync(HttpMethod.Post, $"/key/{token}/regenerate", null)).Ok().Object;

        Assert.NotEqual(key, answer["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(answer["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Regenerate_UnknownKey_Answers404()
    {
        var answer = await _api.PostAsync("/key/regenerate", new { key = "sk-does-not-exist" });

        answer.Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Delete_ByKeys_RefusesTheKeyOnTheVeryNextRequest()
    {
        var (_, _, key, _) = await _api.NewTeamKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));

        var answer = (await _api.PostAsync("/key/delete", new { keys = new[] { key } })).Ok().Object;

        Assert.Equal([key], answer["deleted_keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Delete_ByAliases_DeletesTheKeysWithThatAlias()
    {
        var alias = AdminApi.NewId("alias");
        var (_, _, key, token) = await _api.NewTeamKeyAsync(new { key_alias = alias });

        var answer = (await _api.PostAsync("/key/delete", new { key_aliases = new[] { alias } })).Ok().Object;

        Assert.Equal([alias], answer["deleted_keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        (await _api.GetAsync($"/key/info?key={token}")).Fails(HttpStatusCode.NotFound, "key");
    }

    [Fact]
    public async Task Delete_WhenNoKeyMatches_Answers404()
    {
        var answer = await _api.PostAsync("/key/delete", new { keys = new[] { "sk-does-not-exist" } });

        answer.Fails(HttpStatusCode.NotFound, "keys");
    }

    [Fact]
    public async Task BlockAndUnblock_TakeEffectOnTheVeryNextRequest()
    {
        var (_, _, key, token) = await _api.NewTeamKeyAsync();

        var blocked = (await _api.PostAsync("/key/block", new { key })).Ok().Object;
        var whileBlocked = await _api.ModelsStatusAsync(key);
        var unblocked = (await _api.PostAsync("/key/unblock", new { key = token })).Ok().Object;

        Assert.True(blocked["blocked"]!.GetValue<bool>());
        Assert.Equal(token, blocked["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, whileBlocked);
        Assert.False(unblocked["blocked"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task List_PagesTokensAndFullObjects()
    {
        var (_, teamId, first, firstToken) = await _api.NewTeamKeyAsync();
        var tokens = new List<string> { firstToken };
        for (var i = 0; i < 2; i++)
            tokens.Add((await _api.PostAsync("/key/generate", new { team_id = teamId })).Ok().Object["token"]!.GetValue<string>());

        var page1 = (await _api.GetAsync($"/key/list?team_id={teamId}&size=2")).Ok().Object;
        var page2 = (await _api.GetAsync($"/key/list?team_id={teamId}&size=2&page=2&return_full_object=true")).Ok();

        Assert.Equal(3, page1["total_count"]!.GetValue<long>());
        Assert.Equal(1, page1["current_page"]!.GetValue<int>());
        Assert.Equal(2, page1["total_pages"]!.GetValue<long>());
        Assert.Equal(tokens[..2], page1["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        var full = Assert.Single(page2.Object["keys"]!.AsArray())!;
        Assert.Equal(tokens[2], full["token"]!.GetValue<string>());
        Assert.Equal(2, page2.Object["current_page"]!.GetValue<int>());
        Assert.DoesNotContain(first, page2.Text);
    }

    [Fact]
    public async Task List_BeyondTheLastPage_AnswersNoKeys()
    {
        var (_, teamId, _, _) = await _api.NewTeamKeyAsync();

        var page = (await _api.GetAsync($"/key/list?team_id={teamId}&page=5")).Ok().Object;

        Assert.Empty(page["keys"]!.AsArray());
        Assert.Equal(1, page["total_count"]!.GetValue<long>());
        Assert.Equal(1, page["total_pages"]!.GetValue<long>());
    }
}

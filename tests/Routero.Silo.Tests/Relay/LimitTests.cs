using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

/// <summary>Limits on every level; each test owns its silo, because the tests move the silo's clock.</summary>
public sealed class LimitTests : IAsyncLifetime
{
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<HttpStatusCode> CallAsync(string key, string model = "test/echo", object? extra = null)
    {
        using var client = _silo.ClientFor(key);
        using var response = await Chat.PostAsync(client, Chat.Body(model, "hi", extra));
        return response.StatusCode;
    }

    [Fact]
    public async Task KeyRpmLimit_RefusesBeyondTheLimit_WithRetryAfter_UntilTheNextWindow()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { rpm_limit = 2 });
        using var client = _silo.ClientFor(key);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
        using var refused = await Chat.PostAsync(client, Chat.Body("test/echo"));
        _silo.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limit_exceeded", await Chat.ErrorCodeAsync(refused));
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
    }

    [Fact]
    public async Task RateLimitHeaders_TellTheTightestLevel()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { rpm_limit = 10 }, new { rpm_limit = 5 });
        using var client = _silo.ClientFor(key);

        using var response = await Chat.PostAsync(client, Chat.Body("test/echo"));

        Assert.Equal("4", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
    }

    [Fact]
    public async Task OrganizationRpmLimit_AppliesToAllItsKeys()
    {
        var (orgId, teamId, key1) = await _silo.CreateTeamKeyAsync(orgFields: new { rpm_limit = 1 });
        var key2 = (await _silo.AdminPostAsync("/key/generate", new { team_id = teamId }))["key"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key1));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key2));
    }

    [Fact]
    public async Task TpmLimit_RefusesOnceTheWindowsTokensAreUsed()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { tpm_limit = 10 });

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, extra: null));   // 7 prompt + 1 completion tokens
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));                // 8 < 10: room left, admitted
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key));   // 16 >= 10
        _silo.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
    }

    [Fact]
    public async Task MaxParallelRequests_RefusesTheSecondConcurrentRequest()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { max_parallel_requests = 1 });

        // Two seconds upstream: under load the second request once took longer than 300 ms to reach admission, found
        // the slot already free and got a 200.
        var slow = CallAsync(key, "test/slower");
        await Chat.EventuallyAsync(() => Task.FromResult(_silo.Upstream.RequestCount > 0));
        var second = await CallAsync(key);

        Assert.Equal(HttpStatusCode.TooManyRequests, second);
        Assert.Equal(HttpStatusCode.OK, await slow);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
    }

    [Fact]
    public async Task KeyBudget_WhenExhausted_RefusesWithNoRetry_AndResetsAtTheWindowBoundary()
    {
        // One cent per token: a "hi" request costs 8 cents, and admission needs 14 cents free (its 13-token
        // prompt bound and one output token), so 25 cents pays for two requests.
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { max_budget = 0.25, budget_duration = "1d" });
        using var client = _silo.ClientFor(key);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced"));
        using var refused = await Chat.PostAsync(client, Chat.Body("test/priced"));
        _silo.Time.Advance(TimeSpan.FromDays(1));
        var afterReset = await CallAsync(key, "test/priced");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("budget_exceeded", await Chat.ErrorCodeAsync(refused));
        Assert.Equal("false", refused.Headers.GetValues("x-should-retry").Single());
        Assert.Equal(HttpStatusCode.OK, afterReset);
        var spend = await Chat.SpendOfAsync(_silo, key);
        Assert.Equal(3, spend.Count);
        Assert.All(spend, s => Assert.Equal(80_000_000L, s.SpendNanos));
    }

    [Fact]
    public async Task TeamBudget_WhenExhausted_RefusesEveryKeyOfTheTeam()
    {
        var (_, teamId, key1) = await _silo.CreateTeamKeyAsync(teamFields: new { max_budget = 0.15 });
        var key2 = (await _silo.AdminPostAsync("/key/generate", new { team_id = teamId }))["key"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key1, "test/priced"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key2, "test/priced"));
    }

    [Fact]
    public async Task CreditLimit_IsALifetimeCap_ThatWindowResetsDoNotRestore()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { max_budget = 1.0, budget_duration = "1d", credit_limit_usd = 0.15 });

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced"));
        _silo.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key, "test/priced"));
    }

    [Fact]
    public async Task CustomerBudget_FromTheOrganizationsDefault_IsAppliedOnFirstSight()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(orgFields: new { default_customer_max_budget = 0.15 });

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced", new { user = "cust-a" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key, "test/priced", new { user = "cust-a" }));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced", new { user = "cust-b" }));
        var records = await Chat.SpendOfAsync(_silo, key);
        Assert.Equal(new[] { "cust-a", "cust-b" }, records.Select(r => r.CustomerId!).Order().ToArray());
    }

    [Fact]
    public async Task ExpiredKey_Answers401()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { duration = "1h" });

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key));
        _silo.Time.Advance(TimeSpan.FromHours(1));

        using var client = _silo.ClientFor(key);
        using var response = await Chat.PostAsync(client, Chat.Body("test/echo"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("expired_key", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ModelLimits_PinTheKeyToTheListedModels_WithTheirOwnLimits()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new
        {
            model_limits_enabled = true,
            model_limits = new Dictionary<string, object> { ["test/echo"] = new { rpm_limit = 1 } },
        });

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/echo"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key, "test/echo"));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(key, "test/priced"));
    }

    [Fact]
    public async Task TeamUpdate_TakesEffectOnTheVeryNextRequest()
    {
        var (_, teamId, key) = await _silo.CreateTeamKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/echo"));

        await _silo.AdminPostAsync("/team/update", new { team_id = teamId, models = new[] { "test/priced" } });

        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync(key, "test/echo"));
    }

    [Fact]
    public async Task Spend_SurvivesASiloRestart_AndTheBudgetStillHolds()
    {
        var (_, _, key) = await _silo.CreateTeamKeyAsync(new { max_budget = 0.15 });
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, "test/priced"));
        _silo.KeepDataOnDispose = true;
        var data = _silo.DataDirectory;
        await _silo.DisposeAsync();

        _silo = await SiloUnderTest.StartAsync(dataDirectory: data);

        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(key, "test/priced"));
    }
}

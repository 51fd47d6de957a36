using System.Net;

namespace Routero.Silo.Tests.Admin;

public sealed class CustomerEndpointsTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task New_UnderTheActiveOrganization_AnswersTheRow()
    {
        var orgId = await _api.NewOrgAsync();

        var customer = (await _api.PostAsync("/customer/new", new
        {
            user_id = "alice", alias = "Alice", max_budget = 2, budget_duration = "1mo", rpm_limit = 4,
            allowed_model_region = "eu", default_model = "eu/echo", metadata = new { plan = "pro" },
        }, orgId)).Ok().Object;

        Assert.Equal("alice", customer["user_id"]!.GetValue<string>());
        Assert.Equal("Alice", customer["alias"]!.GetValue<string>());
        Assert.Equal(orgId, customer["organization_id"]!.GetValue<string>());
        Assert.Equal("eu", customer["allowed_model_region"]!.GetValue<string>());
        Assert.Equal("eu/echo", customer["default_model"]!.GetValue<string>());
        Assert.False(customer["blocked"]!.GetValue<bool>());
        Assert.Equal(2m, customer["max_budget"]!.GetValue<decimal>());
        Assert.Equal(2m, customer["litellm_budget_table"]!["max_budget"]!.GetValue<decimal>());
        Assert.Equal(4, customer["litellm_budget_table"]!["rpm_limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task New_SameIdInTwoOrganizations_AreTwoCustomers()
    {
        var (a, b) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());

        (await _api.PostAsync("/customer/new", new { user_id = "bob", max_budget = 1 }, a)).Ok();
        (await _api.PostAsync("/customer/new", new { user_id = "bob", max_budget = 2, organization_id = b })).Ok();

        var inA = (await _api.GetAsync("/customer/info?end_user_id=bob", a)).Ok().Object;
        var inB = (await _api.GetAsync($"/customer/info?end_user_id=bob&organization_id={b}")).Ok().Object;
        Assert.Equal(1m, inA["max_budget"]!.GetValue<decimal>());
        Assert.Equal(2m, inB["max_budget"]!.GetValue<decimal>());
        Assert.Equal(0m, inA["spend"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task New_WithDuplicateId_Answers409()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/customer/new", new { user_id = "dup" }, orgId)).Ok();

        var answer = await _api.PostAsync("/customer/new", new { user_id = "dup" }, orgId);

        answer.Fails(HttpStatusCode.Conflict, "user_id");
        Assert.Contains("'dup'", answer.Object["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task New_WithoutUserId_Answers400()
    {
        var answer = await _api.PostAsync("/customer/new", new { alias = "x" });

        answer.Fails(HttpStatusCode.BadRequest, "user_id");
    }

    [Fact]
    public async Task New_WithUnknownDefaultModel_Answers400()
    {
        var answer = await _api.PostAsync("/customer/new", new { user_id = "m", default_model = "no/such-model" });

        answer.Fails(HttpStatusCode.BadRequest, "default_model");
    }

    [Fact]
    public async Task New_UnderUnknownOrganization_Answers404()
    {
        var answer = await _api.PostAsync("/customer/new", new { user_id = "x" }, AdminApi.NewId("nope"));

        answer.Fails(HttpStatusCode.NotFound, "organization_id");
    }

    [Fact]
    public async Task Info_InAnotherOrganization_Answers404()
    {
        var (a, b) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        (await _api.PostAsync("/customer/new", new { user_id = "dave" }, a)).Ok();

        var answer = await _api.GetAsync("/customer/info?end_user_id=dave", b);

        answer.Fails(HttpStatusCode.NotFound, "end_user_id");
    }

    [Fact]
    public async Task Update_BlockedFalse_Unblocks()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/customer/new", new { user_id = "erin", blocked = true, max_budget = 3 }, orgId)).Ok();

        var customer = (await _api.PostAsync("/customer/update", new { user_id = "erin", blocked = false, alias = "Erin" }, orgId)).Ok().Object;

        Assert.False(customer["blocked"]!.GetValue<bool>());
        Assert.Equal("Erin", customer["alias"]!.GetValue<string>());
        Assert.Equal(3m, customer["max_budget"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Update_UnknownCustomer_Answers404()
    {
        var answer = await _api.PostAsync("/customer/update", new { user_id = AdminApi.NewId("nope"), alias = "x" });

        answer.Fails(HttpStatusCode.NotFound, "user_id");
    }

    [Fact]
    public async Task List_ShowsTheCustomersOfTheActiveOrganization()
    {
        var (a, b) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        (await _api.PostAsync("/customer/new", new { user_id = "one" }, a)).Ok();
        (await _api.PostAsync("/customer/new", new { user_id = "two" }, a)).Ok();
        (await _api.PostAsync("/customer/new", new { user_id = "three" }, b)).Ok();

        var customers = (await _api.GetAsync("/customer/list", a)).Ok().Array;

        Assert.Equal(["one", "two"], customers.Select(c => c!["user_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_RemovesTheCustomers()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/customer/new", new { user_id = "frank" }, orgId)).Ok();

        var answer = (await _api.PostAsync("/customer/delete", new { user_ids = new[] { "frank" } }, orgId)).Ok().Object;

        Assert.Equal(1, answer["deleted_customers"]!.GetValue<int>());
        (await _api.GetAsync("/customer/info?end_user_id=frank", orgId)).Fails(HttpStatusCode.NotFound, "end_user_id");
    }

    [Fact]
    public async Task Delete_WithAnUnknownId_Answers404_AndDeletesNothing()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/customer/new", new { user_id = "gina" }, orgId)).Ok();

        var answer = await _api.PostAsync("/customer/delete", new { user_ids = new[] { "gina", "nobody" } }, orgId);

        answer.Fails(HttpStatusCode.NotFound, "user_ids");
        (await _api.GetAsync("/customer/info?end_user_id=gina", orgId)).Ok();
    }

    [Fact]
    public async Task Block_UnknownCustomer_CreatesItBlocked_WithTheOrganizationsDefaultBudget()
    {
        var orgId = await _api.NewOrgAsync(new { default_customer_max_budget = 0.75, default_customer_budget_duration = "1d" });

        var answer = (await _api.PostAsync("/customer/block", new { user_ids = new[] { "hank" } }, orgId)).Ok().Object;

        var row = Assert.Single(answer["blocked_users"]!.AsArray())!;
        Assert.True(row["blocked"]!.GetValue<bool>());
        var info = (await _api.GetAsync("/customer/info?end_user_id=hank", orgId)).Ok().Object;
        Assert.True(info["blocked"]!.GetValue<bool>());
        Assert.Equal(0.75m, info["max_budget"]!.GetValue<decimal>());
        Assert.Equal("1d", info["budget_duration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unblock_ClearsBlocked()
    {
        var orgId = await _api.NewOrgAsync();
        (await _api.PostAsync("/customer/block", new { user_ids = new[] { "ivy" } }, orgId)).Ok();

        var answer = (await _api.PostAsync("/customer/unblock", new { user_ids = new[] { "ivy" } }, orgId)).Ok().Object;

        Assert.False(Assert.Single(answer["unblocked_users"]!.AsArray())!["blocked"]!.GetValue<bool>());
        Assert.False((await _api.GetAsync("/customer/info?end_user_id=ivy", orgId)).Ok().Object["blocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unblock_UnknownCustomer_Answers404()
    {
        var orgId = await _api.NewOrgAsync();

        var answer = await _api.PostAsync("/customer/unblock", new { user_ids = new[] { "nobody" } }, orgId);

        answer.Fails(HttpStatusCode.NotFound, "user_ids");
    }

    [Fact]
    public async Task Block_TakesEffectOnTheVeryNextRequestOfTheCustomer()
    {
        var (orgId, _, key, _) = await _api.NewTeamKeyAsync();
        using var client = _api.Silo.ClientFor(key);
        var body = new { model = "test/echo", messages = new[] { new { role = "user", content = "hi" } }, user = "jack" };
        using (var first = await client.PostAsync("v1/chat/completions", Json(body))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        (await _api.PostAsync("/customer/block", new { user_ids = new[] { "jack" } }, orgId)).Ok();

        using var second = await client.PostAsync("v1/chat/completions", Json(body));
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
    }

    private static StringContent Json(object body) => new(AdminApi.Json(body), System.Text.Encoding.UTF8, "application/json");
}

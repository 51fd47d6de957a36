using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

public sealed class RelayErrorTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloUnderTest Silo => fixture.Silo;

    private async Task<HttpResponseMessage> PostRawAsync(string key, string body, string path = "v1/chat/completions")
    {
        using var client = Silo.ClientFor(key);
        return await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Request_WithoutKey_Answers401()
    {
        using var client = new HttpClient { BaseAddress = Silo.BaseAddress };

        using var response = await Chat.PostAsync(client, Chat.Body("test/echo"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_WithUnknownKey_Answers401()
    {
        using var response = await PostRawAsync("sk-unknown-key-000000000000000000000000000", Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model")]
    [InlineData("{\"model\":\"test/echo\"}", "messages")]
    [InlineData("{\"model\":42,\"messages\":[]}", "model")]
    [InlineData("{\"model\":\"test/echo\",\"messages\":\"hi\"}", "messages")]
    [InlineData("{\"model\":\"test/echo\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream")]
    [InlineData("{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-1}", "max_tokens")]
    [InlineData("{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"user\":7}", "user")]
    public async Task Request_WithBadBody_Answers400NamingTheParameter_AndChargesNothing(string body, string? param)
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();

        using var response = await PostRawAsync(key, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, await Chat.ErrorParamAsync(response));
        Assert.Empty(await Chat.SpendOfAsync(Silo, key));
    }

    [Fact]
    public async Task Request_LargerThanTheLimit_Answers413()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        var huge = Chat.Body("test/echo", new string('x', 9 * 1024 * 1024)).ToJsonString();

        using var response = await PostRawAsync(key, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_ForUnknownModel_Answers404()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();

        using var response = await PostRawAsync(key, Chat.Body("no/such-model").ToJsonString());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_ForModelOutsideTheChain_Answers403()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(teamFields: new { models = new[] { "test/priced" } });

        using var response = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("model_not_allowed", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_FromAddressOutsideAllowIps_Answers403()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { allow_ips = new[] { "10.0.0.0/8" } });

        using var response = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ip_not_allowed", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_FromAllowedAddress_IsServed()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { allow_ips = new[] { "127.0.0.1", "::1" } });

        using var response = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithBlockedKey_Answers401_AndUnblockRestoresIt()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        await Silo.AdminPostAsync("/key/block", new { key });

        using var blocked = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());
        await Silo.AdminPostAsync("/key/unblock", new { key });
        using var unblocked = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
    }

    [Fact]
    public async Task Request_WhenTeamIsBlocked_Answers401()
    {
        var (_, teamId, key) = await Silo.CreateTeamKeyAsync();
        await Silo.AdminPostAsync("/team/block", new { team_id = teamId });

        using var response = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithDeletedKey_Answers401OnTheVeryNextRequest()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using (var first = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString()))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await Silo.AdminPostAsync("/key/delete", new { keys = new[] { key } });
        using var response = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithRegeneratedKey_RefusesTheOldAndServesTheNew()
    {
        var (_, _, key) = await Silo.CreateTeamKeyAsync();
        using (var first = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString()))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var regenerated = await Silo.AdminPostAsync("/key/regenerate", new { key });
        var newKey = regenerated["key"]!.GetValue<string>();
        using var old = await PostRawAsync(key, Chat.Body("test/echo").ToJsonString());
        using var fresh = await PostRawAsync(newKey, Chat.Body("test/echo").ToJsonString());

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Request_WithBlockedCustomer_Answers403()
    {
        var (orgId, _, key) = await Silo.CreateTeamKeyAsync();
        using var block = new HttpRequestMessage(HttpMethod.Post, "/customer/block") { Content = JsonContent(new { user_ids = new[] { "mallory" } }) };
        block.Headers.Add("X-Organization-Id", orgId);
        using (var blocked = await Silo.Admin.SendAsync(block)) Assert.True(blocked.IsSuccessStatusCode, await blocked.Content.ReadAsStringAsync());

        using var response = await PostRawAsync(key, Chat.Body("test/echo", "hi", new { user = "mallory" }).ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("customer_blocked", await Chat.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Request_ForCustomerLimitedToAnotherRegion_Answers403_AndServesInItsRegion()
    {
        var (orgId, _, key) = await Silo.CreateTeamKeyAsync();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/customer/new") { Content = JsonContent(new { user_id = "eve", allowed_model_region = "eu" }) };
        create.Headers.Add("X-Organization-Id", orgId);
        using (var created = await Silo.Admin.SendAsync(create)) Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        using var us = await PostRawAsync(key, Chat.Body("test/echo", "hi", new { user = "eve" }).ToJsonString());
        using var eu = await PostRawAsync(key, Chat.Body("eu/echo", "hi", new { user = "eve" }).ToJsonString());

        Assert.Equal(HttpStatusCode.Forbidden, us.StatusCode);
        Assert.Equal("region_not_available", await Chat.ErrorCodeAsync(us));
        Assert.Equal(HttpStatusCode.OK, eu.StatusCode);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}

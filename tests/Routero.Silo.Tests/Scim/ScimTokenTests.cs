using System.Net;
using System.Text.Json;
using Routero.Keys;
using Routero.Silo.Tests.Admin;
using Routero.Tenancy;

namespace Routero.Silo.Tests.Scim;

/// <summary>The organization's SCIM token: minted by an admin, shown once, stored as a hash, replaced by the next one.</summary>
public sealed class ScimTokenTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task Mint_ShowsTheTokenOnce_AndStoresOnlyItsHash()
    {
        var orgId = await _api.NewOrgAsync();

        var minted = (await _api.PostAsync("/organization/scim_token", new { organization_id = orgId })).Ok().Object;

        var token = minted["scim_token"]!.GetValue<string>();
        Assert.StartsWith("scim-", token);
        Assert.Equal(fixture.Silo.BaseAddress + "scim/v2", minted["scim_base_url"]!.GetValue<string>());
        var row = await fixture.Silo.Runtime.Store.GetAsync(EntityKind.Organization, orgId);
        Assert.DoesNotContain(token, row!.Json);
        var stored = JsonSerializer.Deserialize<OrganizationRecord>(row.Json, GrainContext.RecordJson)!;
        Assert.Equal(KeyHash.Of(token).ToHex(), stored.ScimTokenHash);
        var info = await _api.GetAsync($"/organization/info?organization_id={orgId}");
        Assert.DoesNotContain(token, info.Ok().Text);
        Assert.DoesNotContain(stored.ScimTokenHash!, info.Text);
        Assert.DoesNotContain("scim_token", info.Text);
    }

    [Fact]
    public async Task Mint_Again_ReplacesTheToken_AndTheOldOneAnswers401()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        (await scim.GetAsync("/Users")).Ok();

        var second = (await _api.PostAsync("/organization/scim_token", new { organization_id = scim.OrganizationId })).Ok().Object["scim_token"]!.GetValue<string>();

        (await scim.GetAsync("/Users")).Fails(HttpStatusCode.Unauthorized, null);
        (await scim.SendAsync(HttpMethod.Get, "/Users", null, bearer: second)).Ok();
    }

    [Fact]
    public async Task Revoke_StopsTheToken()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var revoked = await _api.SendAsync(HttpMethod.Delete, "/organization/scim_token", AdminApi.Json(new { organization_id = scim.OrganizationId }));

        revoked.Ok();
        (await scim.GetAsync("/Users")).Fails(HttpStatusCode.Unauthorized, null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("scim-b3JnLW5vcGU.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(Infrastructure.SiloUnderTest.MasterKey)]
    public async Task ScimRoute_WithoutTheOrganizationsToken_Answers401_WithAScimErrorBody(string bearer)
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var answer = await scim.SendAsync(HttpMethod.Get, "/Users", null, bearer: bearer);

        answer.Fails(HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task ScimRoute_WithAVirtualKey_Answers401()
    {
        var (_, _, key, _) = await _api.NewTeamKeyAsync();
        var scim = await ScimApi.NewTenantAsync(_api);

        (await scim.SendAsync(HttpMethod.Get, "/Users", null, bearer: key)).Fails(HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task ScimRoute_WithATamperedToken_Answers401()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var tampered = scim.Token[..^2] + (scim.Token[^2] == 'A' ? "BB" : "AA");

        (await scim.SendAsync(HttpMethod.Get, "/Users", null, bearer: tampered)).Fails(HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task Mint_ByAnotherOrganizationsAdmin_Answers404_AndByAMemberWithoutConfigManage_Answers403()
    {
        var (orgA, orgB) = (await _api.NewOrgAsync(), await _api.NewOrgAsync());
        var adminOfA = await KeyOfAsync(orgA, "org_admin");
        var viewerOfB = await KeyOfAsync(orgB, "internal_user_viewer");

        var foreign = await _api.SendAsync(HttpMethod.Post, "/organization/scim_token", AdminApi.Json(new { organization_id = orgB }), bearer: adminOfA);
        var viewer = await _api.SendAsync(HttpMethod.Post, "/organization/scim_token", AdminApi.Json(new { organization_id = orgB }), bearer: viewerOfB);
        var own = await _api.SendAsync(HttpMethod.Post, "/organization/scim_token", AdminApi.Json(new { organization_id = orgA }), bearer: adminOfA);

        foreign.Fails(HttpStatusCode.NotFound, "organization_id");
        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
        own.Ok();
    }

    [Fact]
    public async Task Mint_WithUnknownField_Answers400()
    {
        var orgId = await _api.NewOrgAsync();

        (await _api.PostAsync("/organization/scim_token", new { organization_id = orgId, expires = "1d" })).Fails(HttpStatusCode.BadRequest, "expires");
    }

    /// <summary>A key of a new user who holds <paramref name="role"/> in the organization.</summary>
    private async Task<string> KeyOfAsync(string orgId, string role)
    {
        var userId = AdminApi.NewId("user");
        var key = (await _api.PostAsync("/user/new", new { user_id = userId, organization_id = orgId })).Ok().Object["key"]!.GetValue<string>();
        (await _api.PostAsync("/organization/member_permission_update", new { organization_id = orgId, user_id = userId, role })).Ok();
        return key;
    }
}

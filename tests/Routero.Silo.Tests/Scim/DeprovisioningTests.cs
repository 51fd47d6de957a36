using System.Net;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Scim;

/// <summary>
/// Deprovisioning (active false, DELETE, removal from the last team) refuses every key of the user at once, keeps
/// their keys and spend, and re-provisioning lifts only what deprovisioning imposed.
/// </summary>
public sealed class DeprovisioningTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    private const string Deactivate = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}""";
    private const string Activate = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}""";

    [Fact]
    public async Task ActiveFalse_RefusesEveryKeyOfTheUser_OnTheNextRequest_AndKeepsTheKeysAndTheirSpend()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var scimTeam = await scim.CreateGroupAsync("G-" + Guid.NewGuid().ToString("N")[..8], userId);
        var adminTeam = await _api.NewTeamAsync(scim.OrganizationId);
        var keys = new[]
        {
            await KeyAsync(new { user_id = userId }),
            await KeyAsync(new { user_id = userId, team_id = scimTeam }),
            await KeyAsync(new { user_id = userId, team_id = adminTeam }),
        };
        foreach (var key in keys) Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(key));

        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();

        foreach (var key in keys)
        {
            using var client = fixture.Silo.ClientFor(key);
            using var refused = await Chat.PostAsync(client, Chat.Body("test/echo"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("key_blocked", await Chat.ErrorCodeAsync(refused));
            Assert.Single(await Chat.SpendOfAsync(fixture.Silo, key));
        }
        var listed = (await _api.GetAsync($"/key/list?user_id={userId}&return_full_object=true")).Ok().Object["keys"]!.AsArray();
        Assert.Equal(3, listed.Count);
        Assert.All(listed, k => Assert.False(k!["blocked"]!.GetValue<bool>()));
        Assert.True((await _api.GetAsync($"/user/info?user_id={userId}")).Ok().Object["user_info"]!["spend"]!.GetValue<decimal>() > 0);
    }

    [Fact]
    public async Task PutWithActiveFalse_Deprovisions_AndPutWithActiveTrue_Reprovisions()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var userId = await scim.CreateUserAsync(userName);
        var key = await KeyAsync(new { user_id = userId });

        (await scim.PutAsync($"/Users/{userId}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","active":false}""")).Ok();
        var whileInactive = await _api.ModelsStatusAsync(key);
        (await scim.PutAsync($"/Users/{userId}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","active":true}""")).Ok();

        Assert.Equal(HttpStatusCode.Unauthorized, whileInactive);
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Reactivation_UnblocksOnlyWhatDeprovisioningBlocked_NotAKeyAnAdminBlocked()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var (open, blockedByHand) = (await KeyAsync(new { user_id = userId }), await KeyAsync(new { user_id = userId }));
        (await _api.PostAsync("/key/block", new { key = blockedByHand })).Ok();

        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();
        var whileInactive = (await _api.ModelsStatusAsync(open), await _api.ModelsStatusAsync(blockedByHand));
        (await scim.PatchAsync($"/Users/{userId}", Activate)).Ok();

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), whileInactive);
        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(open));
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ChatAsync(blockedByHand));
    }

    [Fact]
    public async Task Reactivation_OfAUserAnAdminBlocked_LeavesThemBlocked()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var key = await KeyAsync(new { user_id = userId });
        (await _api.PostAsync("/user/update", new { user_id = userId, blocked = true })).Ok();

        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();
        (await scim.PatchAsync($"/Users/{userId}", Activate)).Ok();

        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
        (await _api.PostAsync("/user/update", new { user_id = userId, blocked = false })).Ok();
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task Delete_RefusesTheKeys_KeepsTheSpend_AndProvisioningTheSameUserNameAgainRelinksTheUser()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var userId = await scim.CreateUserAsync(userName);
        var key = await KeyAsync(new { user_id = userId });
        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(key));

        (await scim.DeleteAsync($"/Users/{userId}")).Is(HttpStatusCode.NoContent);
        var afterDelete = await _api.ChatAsync(key);
        var spendAfterDelete = (await Chat.SpendOfAsync(fixture.Silo, key)).Count;
        var again = await scim.CreateUserAsync(userName);

        Assert.Equal(HttpStatusCode.Unauthorized, afterDelete);
        Assert.Equal(1, spendAfterDelete);
        Assert.Equal(userId, again);
        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(key));
    }

    [Fact]
    public async Task RemovalFromTheLastTeam_Deprovisions_AndBeingAddedBackReprovisions()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var key = await KeyAsync(new { user_id = userId });
        var first = await scim.CreateGroupAsync("A-" + Guid.NewGuid().ToString("N")[..8], userId);
        var second = await scim.CreateGroupAsync("B-" + Guid.NewGuid().ToString("N")[..8], userId);
        var remove = $$"""{"op":"Remove","path":"members","value":[{"value":"{{userId}}"}]}""";

        (await scim.PatchOpsAsync($"/Groups/{first}", remove)).Ok();
        var inOneTeam = await _api.ModelsStatusAsync(key);
        (await scim.PatchOpsAsync($"/Groups/{second}", remove)).Ok();
        var inNoTeam = await _api.ModelsStatusAsync(key);
        var activeWhileOut = (await scim.GetAsync($"/Users/{userId}")).Ok().Object["active"]!.GetValue<bool>();
        (await scim.PatchOpsAsync($"/Groups/{first}", $$"""{"op":"Add","path":"members","value":[{"value":"{{userId}}"}]}""")).Ok();

        Assert.Equal(HttpStatusCode.OK, inOneTeam);
        Assert.Equal(HttpStatusCode.Unauthorized, inNoTeam);
        Assert.True(activeWhileOut);
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task DeletingTheLastGroupOfAUser_Deprovisions()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var key = await KeyAsync(new { user_id = userId });
        var groupId = await scim.CreateGroupAsync("Only-" + Guid.NewGuid().ToString("N")[..8], userId);

        (await scim.DeleteAsync($"/Groups/{groupId}")).Is(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task RemovalFromATeam_WhileInATeamAnAdminAddedThemTo_KeepsAccess()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        var key = await KeyAsync(new { user_id = userId });
        var groupId = await scim.CreateGroupAsync("S-" + Guid.NewGuid().ToString("N")[..8], userId);
        var adminTeam = await _api.NewTeamAsync(scim.OrganizationId);
        (await _api.PostAsync("/team/member_add", new { team_id = adminTeam, member = new { user_id = userId } })).Ok();

        (await scim.PatchOpsAsync($"/Groups/{groupId}", $$"""{"op":"remove","path":"members[value eq \"{{userId}}\"]"}""")).Ok();

        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task AUserInNoTeamFromTheStart_KeepsAccess()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());

        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(await KeyAsync(new { user_id = userId })));
    }

    [Fact]
    public async Task ADeprovisionedOrganizationAdmin_IsRefusedByTheAdminRoutesToo()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userId = await scim.CreateUserAsync(ScimApi.NewUserName());
        (await _api.PostAsync("/organization/member_permission_update", new { organization_id = scim.OrganizationId, user_id = userId, role = "org_admin" })).Ok();
        var key = await KeyAsync(new { user_id = userId });
        var before = await _api.SendAsync(HttpMethod.Get, $"/user/list?organization_id={scim.OrganizationId}", null, bearer: key);

        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();

        before.Ok();
        var after = await _api.SendAsync(HttpMethod.Get, $"/user/list?organization_id={scim.OrganizationId}", null, bearer: key);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("key_blocked", after.Body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeprovisioningInOneOrganization_LeavesTheUsersKeysInAnotherWorking_AndTheirRoleThereIntact()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var otherOrg = await _api.NewOrgAsync();
        var email = ScimApi.NewUserName("shared");
        var userId = await _api.NewUserAsync(otherOrg, new { user_email = email });
        (await _api.PostAsync("/organization/member_add", new { organization_id = scim.OrganizationId, member = new { user_id = userId } })).Ok();
        foreach (var org in new[] { otherOrg, scim.OrganizationId })
            (await _api.PostAsync("/organization/member_permission_update", new { organization_id = org, user_id = userId, role = "org_admin" })).Ok();
        var teamThere = await _api.NewTeamAsync(scim.OrganizationId);
        var linked = await scim.CreateUserAsync(email);
        var (here, there) = (await KeyAsync(new { user_id = userId, organization_id = scim.OrganizationId }), await KeyAsync(new { user_id = userId, organization_id = otherOrg }));
        var teamBefore = await _api.SendAsync(HttpMethod.Get, $"/team/info?team_id={teamThere}", null, bearer: there);

        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();

        Assert.Equal(userId, linked);
        Assert.Equal(HttpStatusCode.Unauthorized, await _api.ModelsStatusAsync(here));
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(there));
        (await _api.SendAsync(HttpMethod.Get, $"/user/list?organization_id={otherOrg}", null, bearer: there)).Ok();
        // The deprovisioning organization's role is gone, whichever key the user presents.
        var teamAfter = await _api.SendAsync(HttpMethod.Get, $"/team/info?team_id={teamThere}", null, bearer: there);
        teamBefore.Ok();
        teamAfter.Fails(HttpStatusCode.NotFound, "team_id");
    }

    [Fact]
    public async Task DeletingTheDeprovisioningOrganization_LiftsItsDeprovisioning_FromKeysOfNoOrganization()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var email = ScimApi.NewUserName("orphan");
        var userId = await _api.NewUserAsync(null, new { user_email = email });
        (await _api.PostAsync("/organization/member_add", new { organization_id = scim.OrganizationId, member = new { user_id = userId } })).Ok();
        Assert.Equal(userId, await scim.CreateUserAsync(email));
        var key = await KeyAsync(new { user_id = userId });
        (await scim.PatchAsync($"/Users/{userId}", Deactivate)).Ok();
        var whileDeprovisioned = await _api.ModelsStatusAsync(key);

        (await _api.PostAsync("/organization/delete", new { organization_ids = new[] { scim.OrganizationId } })).Ok();

        Assert.Equal(HttpStatusCode.Unauthorized, whileDeprovisioned);
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
        Assert.Null((await _api.GetAsync($"/user/info?user_id={userId}")).Ok().Object["user_info"]!["deprovisioned_in"]);
    }

    [Fact]
    public async Task Create_WithTheEmailOfAnAdminCreatedUserOfTheOrganization_LinksThatUser()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var email = ScimApi.NewUserName("existing");
        var userId = await _api.NewUserAsync(scim.OrganizationId, new { user_email = email });
        var key = await KeyAsync(new { user_id = userId });

        var linked = await scim.CreateUserAsync(email.ToUpperInvariant());

        Assert.Equal(userId, linked);
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
        Assert.Equal(1, (await scim.GetAsync("/Users")).Ok().TotalResults);
    }

    [Fact]
    public async Task Create_WithTheEmailOfAUserOutsideTheOrganization_Answers409_AndDoesNotTakeThemOver()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var email = ScimApi.NewUserName("outsider");
        var userId = await _api.NewUserAsync(await _api.NewOrgAsync(), new { user_email = email });

        var answer = await scim.PostAsync("/Users", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{email}}","active":false}""");

        answer.Fails(HttpStatusCode.Conflict, "uniqueness");
        var info = (await _api.GetAsync($"/user/info?user_id={userId}")).Ok().Object;
        Assert.Null(info["user_info"]!["deprovisioned_in"]);
        Assert.DoesNotContain(info["user_info"]!["organization_memberships"]!.AsArray(), m => m!["organization_id"]!.GetValue<string>() == scim.OrganizationId);
    }

    private async Task<string> KeyAsync(object fields) => (await _api.PostAsync("/key/generate", fields)).Ok().Object["key"]!.GetValue<string>();
}

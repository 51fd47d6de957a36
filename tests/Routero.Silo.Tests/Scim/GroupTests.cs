using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>Groups are the organization's teams; members are team memberships. Requests as Entra ID and Okta send them.</summary>
public sealed class GroupTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task EntraCreate_MakesATeamOfTheOrganization_FoundByDisplayNameWithoutMembers()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var name = "Group-" + Guid.NewGuid().ToString("N")[..8];

        var created = await scim.PostAsync("/Groups", $$"""
            {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                "displayName": "{{name}}",
                "meta": {
                    "resourceType": "Group"
                }
            }
            """);

        var group = created.Is(HttpStatusCode.Created).Object;
        Assert.Equal(name, group["displayName"]!.GetValue<string>());
        Assert.Equal(new Uri($"{fixture.Silo.BaseAddress}scim/v2/Groups/{created.Id}"), created.Location);
        var team = (await _api.GetAsync($"/team/info?team_id={created.Id}")).Ok().Object["team_info"]!;
        Assert.Equal(name, team["team_alias"]!.GetValue<string>());
        Assert.Equal(scim.OrganizationId, team["organization_id"]!.GetValue<string>());
        var found = (await scim.GetAsync($"/Groups?excludedAttributes=members&filter=displayName+eq+%22{name}%22")).Ok();
        var listed = Assert.Single(found.Resources)!.AsObject();
        Assert.Equal(created.Id, listed["id"]!.GetValue<string>());
        Assert.False(listed.ContainsKey("members"));
        var one = (await scim.GetAsync($"/Groups/{created.Id}?excludedAttributes=members")).Ok().Object;
        Assert.False(one.ContainsKey("members"));
        Assert.Equal("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", one["externalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task EntraAddAndRemoveMembers_ChangeTheTeamsMemberships()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var (alice, bob) = (await scim.CreateUserAsync(ScimApi.NewUserName("alice")), await scim.CreateUserAsync(ScimApi.NewUserName("bob")));
        var groupId = await scim.CreateGroupAsync("G-" + Guid.NewGuid().ToString("N")[..8]);

        var added = await scim.PatchOpsAsync($"/Groups/{groupId}",
            $$"""{"op":"Add","path":"members","value":[{"$ref":null,"value":"{{alice}}"},{"$ref":null,"value":"{{bob}}"}]}""");
        added.Ok();
        Assert.Equal(new[] { alice, bob }.Order(), (await TeamMembersAsync(groupId)).Order());
        Assert.Contains((await scim.GetAsync($"/Users/{alice}")).Ok().Object["groups"]!.AsArray(), g => g!["value"]!.GetValue<string>() == groupId);

        var removed = await scim.PatchOpsAsync($"/Groups/{groupId}", $$"""{"op":"Remove","path":"members","value":[{"$ref":null,"value":"{{alice}}"}]}""");

        Assert.Equal([bob], Members(removed.Ok().Object));
        Assert.Equal([bob], await TeamMembersAsync(groupId));
    }

    [Fact]
    public async Task OktaRemoveMemberByFilter_AndRename_ByReplaceOfTheValueObject()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var (alice, bob) = (await scim.CreateUserAsync(ScimApi.NewUserName("alice")), await scim.CreateUserAsync(ScimApi.NewUserName("bob")));
        var groupId = await scim.CreateGroupAsync("Okta-" + Guid.NewGuid().ToString("N")[..8], alice, bob);
        var renamed = "Renamed-" + Guid.NewGuid().ToString("N")[..8];

        var patch = await scim.PatchOpsAsync($"/Groups/{groupId}", $$$"""
            {"op":"remove","path":"members[value eq \"{{{alice}}}\"]"},
            {"op":"replace","value":{"id":"{{{groupId}}}","displayName":"{{{renamed}}}"}}
            """);

        var group = patch.Ok().Object;
        Assert.Equal([bob], Members(group));
        Assert.Equal(renamed, group["displayName"]!.GetValue<string>());
        Assert.Equal(renamed, (await _api.GetAsync($"/team/info?team_id={groupId}")).Ok().Object["team_info"]!["team_alias"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_ReplacesTheScimMembers_AndLeavesMembersAnAdminAdded()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var (alice, bob) = (await scim.CreateUserAsync(ScimApi.NewUserName("alice")), await scim.CreateUserAsync(ScimApi.NewUserName("bob")));
        var name = "P-" + Guid.NewGuid().ToString("N")[..8];
        var groupId = await scim.CreateGroupAsync(name, alice);
        var byAdmin = await _api.NewUserAsync(scim.OrganizationId);
        (await _api.PostAsync("/team/member_add", new { team_id = groupId, member = new { user_id = byAdmin, role = "admin" } })).Ok();

        var put = await scim.PutAsync($"/Groups/{groupId}", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{groupId}}","displayName":"{{name}}","members":[{"value":"{{bob}}","display":"bob"}]}
            """);

        Assert.Equal([bob], Members(put.Ok().Object));
        Assert.Equal(new[] { bob, byAdmin }.Order(), (await TeamMembersAsync(groupId)).Order());
    }

    [Fact]
    public async Task Members_ThatAreNotScimUsersOfTheOrganization_Answer400_AndChangeNothing()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var other = await ScimApi.NewTenantAsync(_api);
        var foreigner = await other.CreateUserAsync(ScimApi.NewUserName("foreign"));
        var alice = await scim.CreateUserAsync(ScimApi.NewUserName("alice"));
        var groupId = await scim.CreateGroupAsync("M-" + Guid.NewGuid().ToString("N")[..8]);

        var patch = await scim.PatchOpsAsync($"/Groups/{groupId}",
            $$"""{"op":"Add","path":"members","value":[{"value":"{{alice}}"},{"value":"{{foreigner}}"}]}""");
        var create = await scim.PostAsync("/Groups",
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"X-{{Guid.NewGuid():N}}","members":[{"value":"nobody"}]}""");

        patch.Fails(HttpStatusCode.BadRequest, "invalidValue");
        create.Fails(HttpStatusCode.BadRequest, "invalidValue");
        Assert.Empty(await TeamMembersAsync(groupId));
    }

    [Fact]
    public async Task Create_WithADisplayNameTheOrganizationHas_Answers409Uniqueness()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var name = "Dup-" + Guid.NewGuid().ToString("N")[..8];
        await scim.CreateGroupAsync(name);

        var again = await scim.PostAsync("/Groups", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name.ToLowerInvariant()}}"}""");

        again.Fails(HttpStatusCode.Conflict, "uniqueness");
    }

    [Fact]
    public async Task ExistingTeamsOfTheOrganization_AreGroups_AndOtherOrganizationsTeamsAreNot()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var mine = await _api.NewTeamAsync(scim.OrganizationId, new { team_alias = "Platform" });
        var theirs = await _api.NewTeamAsync(await _api.NewOrgAsync(), new { team_alias = "Platform" });

        var list = (await scim.GetAsync("/Groups")).Ok();

        Assert.Equal(mine, Assert.Single(list.Resources)!["id"]!.GetValue<string>());
        (await scim.GetAsync($"/Groups/{theirs}")).Fails(HttpStatusCode.NotFound, null);
        (await scim.PatchOpsAsync($"/Groups/{theirs}", """{"op":"Replace","path":"displayName","value":"Mine now"}""")).Fails(HttpStatusCode.NotFound, null);
        (await scim.DeleteAsync($"/Groups/{theirs}")).Fails(HttpStatusCode.NotFound, null);
        Assert.Equal("Platform", (await _api.GetAsync($"/team/info?team_id={theirs}")).Ok().Object["team_info"]!["team_alias"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_HidesTheGroup_AndEmptiesItOfScimMembers_ButKeepsTheTeamAndItsKeys()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var alice = await scim.CreateUserAsync(ScimApi.NewUserName("alice"));
        var groupId = await scim.CreateGroupAsync("D-" + Guid.NewGuid().ToString("N")[..8], alice);
        var serviceKey = (await _api.PostAsync("/key/generate", new { team_id = groupId })).Ok().Object["key"]!.GetValue<string>();

        var deleted = await scim.DeleteAsync($"/Groups/{groupId}");

        deleted.Is(HttpStatusCode.NoContent);
        (await scim.GetAsync($"/Groups/{groupId}")).Fails(HttpStatusCode.NotFound, null);
        Assert.Equal(0, (await scim.GetAsync("/Groups")).Ok().TotalResults);
        Assert.Empty(await TeamMembersAsync(groupId));
        Assert.Equal(HttpStatusCode.OK, await _api.ChatAsync(serviceKey));
        Assert.Empty((await scim.GetAsync($"/Users/{alice}")).Ok().Object["groups"]!.AsArray());
    }

    [Fact]
    public async Task Patch_WithAnUnsupportedPath_Answers400InvalidPath()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var groupId = await scim.CreateGroupAsync("U-" + Guid.NewGuid().ToString("N")[..8]);

        var answer = await scim.PatchOpsAsync($"/Groups/{groupId}", """{"op":"Replace","path":"owners","value":"x"}""");

        answer.Fails(HttpStatusCode.BadRequest, "invalidPath");
    }

    private static List<string> Members(JsonObject group) =>
        [.. group["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>())];

    private async Task<List<string>> TeamMembersAsync(string teamId) =>
        [.. (await _api.GetAsync($"/team/info?team_id={teamId}")).Ok().Object["team_info"]!["members_with_roles"]!.AsArray()
            .Select(m => m!["user_id"]!.GetValue<string>())];
}

using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>Users provisioned with the exact requests Okta's SCIM 2.0 integration sends.</summary>
public sealed class OktaUserTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task TestConnection_ListsUsers_AsAListResponse()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var answer = (await scim.GetAsync("/Users?startIndex=1&count=2")).Ok();

        Assert.StartsWith("application/scim+json", answer.ContentType);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", answer.Object["schemas"]![0]!.GetValue<string>());
        Assert.Equal(0, answer.TotalResults);
        Assert.Equal(1, answer.Object["startIndex"]!.GetValue<int>());
        Assert.Equal(0, answer.Object["itemsPerPage"]!.GetValue<int>());
        Assert.Empty(answer.Resources);
    }

    [Fact]
    public async Task Assignment_LooksTheUserUp_ThenCreatesThem_AsAMemberOfTheOrganization()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName("okta");

        var lookup = (await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\"", "&startIndex=1&count=100"))).Ok();
        var created = await scim.PostAsync("/Users", $$"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "userName": "{{userName}}",
              "name": {"givenName": "Test", "familyName": "User"},
              "emails": [{"primary": true, "value": "{{userName}}", "type": "work"}],
              "displayName": "Test User",
              "locale": "en-US",
              "externalId": "00ujl29u0le5T6Aj10h7",
              "groups": [],
              "password": "1mz050nq",
              "active": true
            }
            """);

        Assert.Equal(0, lookup.TotalResults);
        var user = created.Is(HttpStatusCode.Created).Object;
        var id = created.Id;
        Assert.Equal(new Uri($"{fixture.Silo.BaseAddress}scim/v2/Users/{id}"), created.Location);
        Assert.Equal(userName, user["userName"]!.GetValue<string>());
        Assert.Equal("00ujl29u0le5T6Aj10h7", user["externalId"]!.GetValue<string>());
        Assert.True(user["active"]!.GetValue<bool>());
        Assert.Equal("Test", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal(created.Location!.ToString(), user["meta"]!["location"]!.GetValue<string>());
        Assert.Equal("User", user["meta"]!["resourceType"]!.GetValue<string>());
        Assert.Null(user["password"]);
        Assert.DoesNotContain("1mz050nq", created.Text);
        var found = (await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\"", "&startIndex=1&count=100"))).Ok();
        Assert.Equal(id, Assert.Single(found.Resources)!["id"]!.GetValue<string>());
        (await scim.GetAsync($"/Users/{id}")).Ok();
        var info = (await _api.GetAsync($"/user/info?user_id={id}")).Ok().Object;
        Assert.Equal(userName, info["user_info"]!["user_email"]!.GetValue<string>());
        Assert.Equal("Test User", info["user_info"]!["user_alias"]!.GetValue<string>());
        Assert.Equal(scim.OrganizationId, info["user_info"]!["organization_id"]!.GetValue<string>());
        Assert.Equal("scim:" + scim.OrganizationId, info["user_info"]!["created_by"]!.GetValue<string>());
        Assert.Contains(info["user_info"]!["organization_memberships"]!.AsArray(), m => m!["organization_id"]!.GetValue<string>() == scim.OrganizationId);
    }

    [Fact]
    public async Task Create_WithAUserNameAlreadyProvisioned_Answers409Uniqueness()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        await scim.CreateUserAsync(userName);

        var again = await scim.PostAsync("/Users", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName.ToUpperInvariant()}}","active":true}""");

        again.Fails(HttpStatusCode.Conflict, "uniqueness");
    }

    [Fact]
    public async Task ProfileUpdate_ByPutOfTheFullUser_ReplacesTheAttributes()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName("okta");
        var id = await scim.CreateUserAsync(userName);
        var newEmail = ScimApi.NewUserName("renamed");

        var put = await scim.PutAsync($"/Users/{id}", $$"""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "{{id}}",
              "userName": "{{userName}}",
              "name": {"givenName": "Another", "middleName": "Q", "familyName": "User"},
              "emails": [{"primary": true, "value": "{{newEmail}}", "type": "work"}],
              "displayName": "Another User",
              "locale": "en-US",
              "externalId": "00u1dhhb1fkIGP7RL1d8",
              "groups": [],
              "active": true,
              "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00.000Z", "lastModified": "2026-01-01T00:00:00.000Z"}
            }
            """);

        var user = put.Ok().Object;
        Assert.Equal("Another", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal("Q", user["name"]!["middleName"]!.GetValue<string>());
        Assert.Equal(newEmail, Assert.Single(user["emails"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Equal("00u1dhhb1fkIGP7RL1d8", user["externalId"]!.GetValue<string>());
        var info = (await _api.GetAsync($"/user/info?user_id={id}")).Ok().Object["user_info"]!;
        Assert.Equal(newEmail, info["user_email"]!.GetValue<string>());
        Assert.Equal("Another User", info["user_alias"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_ThatRenamesTheUserName_KeepsTheIdAndFreesTheOldName()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var (oldName, newName) = (ScimApi.NewUserName("old"), ScimApi.NewUserName("new"));
        var id = await scim.CreateUserAsync(oldName);

        var put = await scim.PutAsync($"/Users/{id}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{newName}}","active":true}""");

        Assert.Equal(id, put.Ok().Id);
        Assert.Equal(0, (await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{oldName}\""))).Ok().TotalResults);
        Assert.Equal(id, Assert.Single((await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{newName}\""))).Ok().Resources)!["id"]!.GetValue<string>());
        Assert.Equal(1, (await scim.GetAsync("/Users")).Ok().TotalResults);
    }

    [Fact]
    public async Task Put_ThatTakesAnotherUsersName_Answers409_AndChangesNothing()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var (first, second) = (ScimApi.NewUserName("a"), ScimApi.NewUserName("b"));
        await scim.CreateUserAsync(first);
        var id = await scim.CreateUserAsync(second);

        var put = await scim.PutAsync($"/Users/{id}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{first}}","displayName":"Changed"}""");

        put.Fails(HttpStatusCode.Conflict, "uniqueness");
        var user = (await scim.GetAsync($"/Users/{id}")).Ok().Object;
        Assert.Equal(second, user["userName"]!.GetValue<string>());
        Assert.Equal("Test User", user["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deactivate_ByPatchReplacingTheValueObject_SetsActiveFalse()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());

        var patch = await scim.PatchAsync($"/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}""");

        Assert.False(patch.Ok().Object["active"]!.GetValue<bool>());
        Assert.False((await scim.GetAsync($"/Users/{id}")).Ok().Object["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Patch_ReplacingTheWholeUserObject_IgnoresTheReadOnlyIdAndMeta()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        var patch = await scim.PatchOpsAsync($"/Users/{id}", $$$"""
            {"op":"replace","value":{"id":"{{{id}}}","userName":"{{{userName}}}","name":{"givenName":"Renamed"},"displayName":"Renamed User",
             "meta":{"resourceType":"User"},"active":true}}
            """);

        var user = patch.Ok().Object;
        Assert.Equal(id, user["id"]!.GetValue<string>());
        Assert.Equal("Renamed", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal("User", user["name"]!["familyName"]!.GetValue<string>());
        Assert.Equal("Renamed User", user["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reactivate_ByPutWithActiveTrue_SetsActiveTrue()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName, active: false);

        var put = await scim.PutAsync($"/Users/{id}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","active":true}""");

        Assert.True(put.Ok().Object["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Put_WithoutActive_KeepsTheCurrentValue()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName, active: false);

        var put = await scim.PutAsync($"/Users/{id}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","displayName":"X"}""");

        Assert.False(put.Ok().Object["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneUserName_ProvisionOneUser_AndAnswerTheOthers409()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName("race");
        var body = $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","emails":[{"value":"{{userName}}","primary":true}],"active":true}""";

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => scim.PostAsync("/Users", body)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a => a.Fails(HttpStatusCode.Conflict, "uniqueness"));
        Assert.Equal(1, (await scim.GetAsync("/Users")).Ok().TotalResults);
        var users = (await _api.GetAsync($"/user/list?organization_id={scim.OrganizationId}")).Ok().Object;
        Assert.Equal(1, users["total"]!.GetValue<long>());
    }
}

using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>Users provisioned with the exact requests the Microsoft Entra ID provisioning service sends.</summary>
public sealed class EntraUserTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Theory]
    [InlineData("/Users?filter=userName+eq+%22non-existent-user-guid%22")]
    [InlineData("/Users?filter=userName%20eq%20%22non-existent-user-guid%22")]
    public async Task ConnectionProbe_ForAUserThatDoesNotExist_AnswersAnEmptyList(string path)
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var answer = (await scim.GetAsync(path)).Ok();

        Assert.Equal(0, answer.TotalResults);
        Assert.Empty(answer.Resources);
    }

    [Fact]
    public async Task Create_WithTheEnterpriseExtension_KeepsTheCoreAttributes_AndIgnoresTheRest()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = "Test_User_" + Guid.NewGuid();
        var email = $"Test_User_{Guid.NewGuid()}@testuser.com";

        var created = await scim.PostAsync("/Users", $$"""
            {
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                "userName": "{{userName}}",
                "active": true,
                "emails": [{
                    "primary": true,
                    "type": "work",
                    "value": "{{email}}"
                }],
                "meta": {
                    "resourceType": "User"
                },
                "name": {
                    "formatted": "givenName familyName",
                    "familyName": "familyName",
                    "givenName": "givenName"
                },
                "title": "Engineer",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984", "department": "R&D"},
                "roles": []
            }
            """);

        var user = created.Is(HttpStatusCode.Created).Object;
        Assert.Equal(userName, user["userName"]!.GetValue<string>());
        Assert.Equal("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", user["externalId"]!.GetValue<string>());
        Assert.Equal("givenName familyName", user["name"]!["formatted"]!.GetValue<string>());
        Assert.Null(user["title"]);
        Assert.Null(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]);
        var info = (await _api.GetAsync($"/user/info?user_id={created.Id}")).Ok().Object["user_info"]!;
        Assert.Equal(email, info["user_email"]!.GetValue<string>());
        Assert.Equal("givenName familyName", info["user_alias"]!.GetValue<string>());
        var byName = (await scim.GetAsync($"/Users?filter=userName+eq+%22{userName}%22")).Ok();
        Assert.Equal(created.Id, Assert.Single(byName.Resources)!["id"]!.GetValue<string>());
        var byExternalId = (await scim.GetAsync(ScimApi.Filter("Users", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""))).Ok();
        Assert.Equal(created.Id, Assert.Single(byExternalId.Resources)!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"False\"", false)]
    [InlineData("false", false)]
    [InlineData("\"false\"", false)]
    public async Task Disable_ByReplaceOfActive_AcceptsBooleansSentAsStrings(string value, bool expected)
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());

        var patch = await scim.PatchOpsAsync($"/Users/{id}", $$"""{"op":"Replace","path":"active","value":{{value}}}""");

        Assert.Equal(expected, patch.Ok().Object["active"]!.GetValue<bool>());
        var listed = (await scim.GetAsync(ScimApi.Filter("Users", $"id eq \"{id}\""))).Ok();
        Assert.Equal(expected, Assert.Single(listed.Resources)!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Enable_ByReplaceOfActiveWithTheStringTrue_SetsActiveTrue()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName(), active: false);

        var patch = await scim.PatchOpsAsync($"/Users/{id}", """{"op":"Replace","path":"active","value":"True"}""");

        Assert.True(patch.Ok().Object["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UpdateMultiValued_ReplacesTheWorkEmailAndTheFamilyName()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());
        var updated = ScimApi.NewUserName("updatedEmail");

        var patch = await scim.PatchAsync($"/Users/{id}", $$"""
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                        {
                        "op": "Replace",
                        "path": "emails[type eq \"work\"].value",
                        "value": "{{updated}}"
                        },
                        {
                        "op": "Replace",
                        "path": "name.familyName",
                        "value": "updatedFamilyName"
                        }
                ]
            }
            """);

        var user = patch.Ok().Object;
        var email = Assert.Single(user["emails"]!.AsArray())!;
        Assert.Equal(updated, email["value"]!.GetValue<string>());
        Assert.Equal("work", email["type"]!.GetValue<string>());
        Assert.Equal("updatedFamilyName", user["name"]!["familyName"]!.GetValue<string>());
        Assert.Equal("Test", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal(updated, (await _api.GetAsync($"/user/info?user_id={id}")).Ok().Object["user_info"]!["user_email"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddOfTheWorkEmailValue_WhenTheUserHadNone_CreatesIt()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = (await scim.PostAsync("/Users", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"Test_User_{{Guid.NewGuid()}}","active":true}""")).Is(HttpStatusCode.Created).Id;
        var email = ScimApi.NewUserName("added");

        var patch = await scim.PatchOpsAsync($"/Users/{id}", $$"""
            {"op":"Replace","path":"title","value":"tester"},{"op":"Add","path":"emails[type eq \"work\"].value","value":"{{email}}"}
            """);

        var added = Assert.Single(patch.Ok().Object["emails"]!.AsArray())!;
        Assert.Equal(email, added["value"]!.GetValue<string>());
        Assert.Equal("work", added["type"]!.GetValue<string>());
        Assert.Equal(email, (await _api.GetAsync($"/user/info?user_id={id}")).Ok().Object["user_info"]!["user_email"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateSingleValued_ReplacesTheUserName_AndPathsMayCarryTheSchemaUrn()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());
        var renamed = ScimApi.NewUserName("renamed");

        var patch = await scim.PatchOpsAsync($"/Users/{id}", $$"""
            {"op":"Replace","path":"userName","value":"{{renamed}}"},
            {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:displayName","value":"Shown"},
            {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"}
            """);

        var user = patch.Ok().Object;
        Assert.Equal(renamed, user["userName"]!.GetValue<string>());
        Assert.Equal("Shown", user["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithoutPath_TakesDottedAttributeNamesInTheValue()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());

        var patch = await scim.PatchOpsAsync($"/Users/{id}", """{"op":"Replace","value":{"name.givenName":"Ada","displayName":"Ada User","active":"true"}}""");

        var user = patch.Ok().Object;
        Assert.Equal("Ada", user["name"]!["givenName"]!.GetValue<string>());
        Assert.Equal("Ada User", user["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_Answers204_AndTheUserIsGoneFromScim_ButNotFromRouteroOrItsSpend()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        var deleted = await scim.DeleteAsync($"/Users/{id}");

        deleted.Is(HttpStatusCode.NoContent);
        (await scim.GetAsync($"/Users/{id}")).Fails(HttpStatusCode.NotFound, null);
        Assert.Equal(0, (await scim.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\""))).Ok().TotalResults);
        (await scim.DeleteAsync($"/Users/{id}")).Fails(HttpStatusCode.NotFound, null);
        var info = (await _api.GetAsync($"/user/info?user_id={id}")).Ok().Object["user_info"]!;
        Assert.Equal(scim.OrganizationId, Assert.Single(info["deprovisioned_in"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_OfAnUnknownUser_Answers404()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var patch = await scim.PatchOpsAsync("/Users/" + Guid.NewGuid().ToString("N"), """{"op":"Replace","path":"active","value":false}""");

        patch.Fails(HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task AdminDeleteOfTheUser_RemovesTheScimUserToo_SoTheProviderCanCreateThemAnew()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var userName = ScimApi.NewUserName();
        var id = await scim.CreateUserAsync(userName);

        (await _api.PostAsync("/user/delete", new { user_ids = new[] { id } })).Ok();

        (await scim.GetAsync($"/Users/{id}")).Fails(HttpStatusCode.NotFound, null);
        Assert.NotEqual(id, await scim.CreateUserAsync(userName));
    }
}

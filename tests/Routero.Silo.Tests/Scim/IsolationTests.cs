using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>A SCIM client of one organization can neither see nor change another's users or teams: their ids answer 404.</summary>
public sealed class IsolationTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task AnotherOrganizationsUser_IsNotFound_ForEveryMethod_AndUntouched()
    {
        var (a, b) = (await ScimApi.NewTenantAsync(_api), await ScimApi.NewTenantAsync(_api));
        var userName = ScimApi.NewUserName("b");
        var theirs = await b.CreateUserAsync(userName);
        var key = (await _api.PostAsync("/key/generate", new { user_id = theirs })).Ok().Object["key"]!.GetValue<string>();

        var answers = new[]
        {
            await a.GetAsync($"/Users/{theirs}"),
            await a.PutAsync($"/Users/{theirs}", $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}","active":false}"""),
            await a.PatchOpsAsync($"/Users/{theirs}", """{"op":"replace","value":{"active":false}}"""),
            await a.DeleteAsync($"/Users/{theirs}"),
        };

        Assert.All(answers, answer => answer.Fails(HttpStatusCode.NotFound, null));
        Assert.Equal(0, (await a.GetAsync(ScimApi.Filter("Users", $"userName eq \"{userName}\""))).Ok().TotalResults);
        Assert.Equal(0, (await a.GetAsync(ScimApi.Filter("Users", $"id eq \"{theirs}\""))).Ok().TotalResults);
        Assert.Equal(0, (await a.GetAsync("/Users")).Ok().TotalResults);
        Assert.True((await b.GetAsync($"/Users/{theirs}")).Ok().Object["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, await _api.ModelsStatusAsync(key));
    }

    [Fact]
    public async Task TheSameUserName_InTwoOrganizations_IsTwoUsers_WhenTheyHaveNoEmail()
    {
        var (a, b) = (await ScimApi.NewTenantAsync(_api), await ScimApi.NewTenantAsync(_api));
        var userName = "jdoe-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{userName}}"}""";

        var (inA, inB) = (await a.PostAsync("/Users", body), await b.PostAsync("/Users", body));

        Assert.NotEqual(inA.Is(HttpStatusCode.Created).Id, inB.Is(HttpStatusCode.Created).Id);
    }

    [Fact]
    public async Task AnotherOrganizationsGroup_IsNotFound_AndItsUsersCannotBeAddedToOurs()
    {
        var (a, b) = (await ScimApi.NewTenantAsync(_api), await ScimApi.NewTenantAsync(_api));
        var theirUser = await b.CreateUserAsync(ScimApi.NewUserName("b"));
        var theirGroup = await b.CreateGroupAsync("B-" + Guid.NewGuid().ToString("N")[..8], theirUser);
        var ourGroup = await a.CreateGroupAsync("A-" + Guid.NewGuid().ToString("N")[..8]);

        var answers = new[]
        {
            await a.GetAsync($"/Groups/{theirGroup}"),
            await a.PutAsync($"/Groups/{theirGroup}", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"taken"}"""),
            await a.PatchOpsAsync($"/Groups/{theirGroup}", $$"""{"op":"Remove","path":"members","value":[{"value":"{{theirUser}}"}]}"""),
            await a.DeleteAsync($"/Groups/{theirGroup}"),
        };
        var adding = await a.PatchOpsAsync($"/Groups/{ourGroup}", $$"""{"op":"Add","path":"members","value":[{"value":"{{theirUser}}"}]}""");

        Assert.All(answers, answer => answer.Fails(HttpStatusCode.NotFound, null));
        adding.Fails(HttpStatusCode.BadRequest, "invalidValue");
        var group = (await b.GetAsync($"/Groups/{theirGroup}")).Ok().Object;
        Assert.Equal(theirUser, Assert.Single(group["members"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Equal(1, (await a.GetAsync("/Groups")).Ok().TotalResults);
    }
}

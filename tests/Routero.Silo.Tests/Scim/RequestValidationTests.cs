using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>Bad SCIM requests get SCIM errors naming what is wrong, and change nothing.</summary>
public sealed class RequestValidationTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","usrName":"typo"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a@b.c"}""", "invalidSyntax")]
    [InlineData("""{"schemas":"urn:ietf:params:scim:schemas:core:2.0:User","userName":"a@b.c"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"  "}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":7}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","active":"maybe"}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","name":{"nickname":"x"}}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","emails":[{"type":"work"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","emails":[{"value":"x@y.z","primary":true},{"value":"y@y.z","primary":true}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","USERNAME":"b@b.c"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","userName":"d@e.f"}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.c","name":{"givenName":"a","givenName":"b"}}""", "invalidSyntax")]
    [InlineData("""not json""", "invalidSyntax")]
    [InlineData("""[]""", "invalidSyntax")]
    public async Task Create_WithABadUser_Answers400_AndCreatesNothing(string body, string scimType)
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var answer = await scim.PostAsync("/Users", body);

        answer.Fails(HttpStatusCode.BadRequest, scimType);
        Assert.Equal(0, (await scim.GetAsync("/Users")).Ok().TotalResults);
    }

    [Theory]
    [InlineData("""{"Operations":[{"op":"replace","value":{"active":false}}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"extra":1}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"merge","path":"active","value":false}]}""", "invalidSyntax")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove"}]}""", "noTarget")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":"x"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nickname[","value":"x"}]}""", "invalidPath")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"favouriteColour","value":"x"}]}""", "invalidPath")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"emails[kind eq \"work\"].value","value":"x@y.z"}]}""", "invalidPath")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"userName"}]}""", "invalidValue")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"groups","value":[{"value":"t"}]}]}""", "mutability")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":"perhaps"}]}""", "invalidValue")]
    public async Task Patch_ThatIsMalformed_Answers400_AndChangesNothing(string body, string scimType)
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var id = await scim.CreateUserAsync(ScimApi.NewUserName());

        var answer = await scim.PatchAsync($"/Users/{id}", body);

        answer.Fails(HttpStatusCode.BadRequest, scimType);
        Assert.True((await scim.GetAsync($"/Users/{id}")).Ok().Object["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Body_SentAsApplicationJson_IsAccepted_ButPlainTextIs415()
    {
        var scim = await ScimApi.NewTenantAsync(_api);
        var body = $$"""{"schemas":["{{ScimApi.UserSchema}}"],"userName":"{{ScimApi.NewUserName()}}"}""";

        var json = await scim.SendAsync(HttpMethod.Post, "/Users", body, contentType: "application/json");
        var text = await scim.SendAsync(HttpMethod.Post, "/Users", body, contentType: "text/plain");

        json.Is(HttpStatusCode.Created);
        text.Fails(HttpStatusCode.UnsupportedMediaType, null);
    }

    [Fact]
    public async Task UnknownEndpoint_AnswersAScimNotFound()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        (await scim.PostAsync("/Bulk", "{}")).Fails(HttpStatusCode.NotFound, null);
        (await scim.GetAsync("/Teams")).Fails(HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task UnknownEndpoint_WithoutAToken_Answers401()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        (await scim.SendAsync(HttpMethod.Get, "/Teams", null, bearer: "")).Fails(HttpStatusCode.Unauthorized, null);
    }
}

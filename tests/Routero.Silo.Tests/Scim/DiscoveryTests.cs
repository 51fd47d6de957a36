using System.Net;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Scim;

/// <summary>The discovery documents say what is supported, and only that.</summary>
public sealed class DiscoveryTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    [Fact]
    public async Task ServiceProviderConfig_AdvertisesPatchFilterAndTheBearerToken_AndNoBulkSortOrEtag()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var config = (await scim.GetAsync("/ServiceProviderConfig")).Ok().Object;

        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", config["schemas"]![0]!.GetValue<string>());
        Assert.True(config["patch"]!["supported"]!.GetValue<bool>());
        Assert.True(config["filter"]!["supported"]!.GetValue<bool>());
        Assert.False(config["bulk"]!["supported"]!.GetValue<bool>());
        Assert.False(config["sort"]!["supported"]!.GetValue<bool>());
        Assert.False(config["etag"]!["supported"]!.GetValue<bool>());
        Assert.False(config["changePassword"]!["supported"]!.GetValue<bool>());
        Assert.Equal("oauthbearertoken", Assert.Single(config["authenticationSchemes"]!.AsArray())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResourceTypes_AreUserAndGroup_WithoutExtensions()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var list = (await scim.GetAsync("/ResourceTypes")).Ok();
        var user = (await scim.GetAsync("/ResourceTypes/User")).Ok().Object;

        Assert.Equal(["User", "Group"], list.Resources.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal("/Users", user["endpoint"]!.GetValue<string>());
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:User", user["schema"]!.GetValue<string>());
        Assert.Empty(user["schemaExtensions"]!.AsArray());
        (await scim.GetAsync("/ResourceTypes/Device")).Fails(HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task Schemas_ListExactlyTheSupportedAttributes()
    {
        var scim = await ScimApi.NewTenantAsync(_api);

        var list = (await scim.GetAsync("/Schemas")).Ok();
        var user = (await scim.GetAsync("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).Ok().Object;
        var group = list.Resources.Single(r => r!["id"]!.GetValue<string>() == "urn:ietf:params:scim:schemas:core:2.0:Group")!;

        Assert.Equal(2, list.TotalResults);
        Assert.Equal(["userName", "name", "displayName", "emails", "active", "groups"], user["attributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(["displayName", "members"], group["attributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        var userName = user["attributes"]![0]!;
        Assert.True(userName["required"]!.GetValue<bool>());
        Assert.Equal("server", userName["uniqueness"]!.GetValue<string>());
    }
}

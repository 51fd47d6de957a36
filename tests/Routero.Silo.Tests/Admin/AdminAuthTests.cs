using System.Net;

namespace Routero.Silo.Tests.Admin;

/// <summary>Every admin route requires the master key or a user's key.</summary>
public sealed class AdminAuthTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    private readonly AdminApi _api = fixture.Api;

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/organization/new" }, { "POST", "/organization/update" }, { "PATCH", "/organization/update" },
        { "GET", "/organization/info?organization_id=x" }, { "POST", "/organization/info" }, { "GET", "/organization/list" },
        { "DELETE", "/organization/delete" }, { "POST", "/organization/delete" }, { "POST", "/organization/member_add" },
        { "POST", "/organization/member_permission_update" }, { "PATCH", "/organization/member_update" },
        { "POST", "/team/new" }, { "POST", "/team/update" }, { "GET", "/team/info?team_id=x" }, { "GET", "/team/list" },
        { "POST", "/team/delete" }, { "POST", "/team/member_add" }, { "POST", "/team/member_delete" },
        { "POST", "/team/block" }, { "POST", "/team/unblock" },
        { "POST", "/user/new" }, { "GET", "/user/info?user_id=x" }, { "POST", "/user/update" }, { "POST", "/user/delete" },
        { "GET", "/user/list" }, { "POST", "/user/switch_org" },
        { "POST", "/key/generate" }, { "POST", "/key/update" }, { "POST", "/key/regenerate" }, { "POST", "/key/sk-x/regenerate" },
        { "POST", "/key/delete" }, { "GET", "/key/info?key=sk-x" }, { "GET", "/key/list" }, { "POST", "/key/block" }, { "POST", "/key/unblock" },
        { "POST", "/customer/new" }, { "POST", "/customer/update" }, { "GET", "/customer/info?end_user_id=x" }, { "GET", "/customer/list" },
        { "POST", "/customer/delete" }, { "POST", "/customer/block" }, { "POST", "/customer/unblock" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AdminRoute_WithoutKey_Answers401(string method, string path)
    {
        var answer = await _api.SendAsync(new HttpMethod(method), path, "{}", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("authentication_error", answer.ErrorType);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AdminRoute_WithWrongKey_Answers401(string method, string path)
    {
        var answer = await _api.SendAsync(new HttpMethod(method), path, "{}", bearer: "sk-master-test-0123456780");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("authentication_error", answer.ErrorType);
    }

    [Fact]
    public async Task AdminRoute_WithKeyOfNoUser_Answers403()
    {
        var (_, _, key, _) = await _api.NewTeamKeyAsync();

        var answer = await _api.SendAsync(HttpMethod.Get, "/organization/list", null, bearer: key);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("belongs to no user", answer.Text);
    }

    [Fact]
    public async Task AdminRoute_WithMasterKey_IsServed()
    {
        var answer = await _api.GetAsync("/organization/list");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }
}

using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Access;

/// <summary>The callers of the access tests, by the role they hold.</summary>
public enum Caller
{
    /// <summary>The master key.</summary>
    Master,
    /// <summary>A global <c>proxy_admin</c>.</summary>
    ProxyAdmin,
    /// <summary>A global <c>proxy_admin_viewer</c>.</summary>
    ProxyViewer,
    /// <summary><c>org_admin</c> of organization A.</summary>
    OrgAdmin,
    /// <summary><c>internal_user</c> (developer) of A, member (<c>user</c>) of every team the tests make.</summary>
    Developer,
    /// <summary><c>internal_user_viewer</c> (auditor) of A.</summary>
    Auditor,
    /// <summary><c>finance</c> of A.</summary>
    Finance,
    /// <summary>Developer of A and <c>admin</c> of every team the tests make.</summary>
    TeamAdmin,
    /// <summary>A's custom role <c>key_reader</c>: <c>/key/list</c>, <c>/key/info</c>, <c>/team/info</c>.</summary>
    Custom,
    /// <summary><c>org_admin</c> of organization B: everything in B, nothing in A.</summary>
    Outsider,
}

/// <summary>
/// One silo with two organizations and a user (with a key of their own) per role. Tests make fresh objects in A with
/// the master key, then call as a role.
/// </summary>
public sealed class AccessWorld : IAsyncLifetime
{
    private readonly Dictionary<Caller, string> _keys = [];

    public SiloUnderTest Silo { get; private set; } = null!;
    public AdminApi Api { get; private set; } = null!;
    public string OrgA { get; private set; } = "";
    public string OrgB { get; private set; } = "";
    public Dictionary<Caller, string> UserIds { get; } = [];

    /// <summary>The bearer a caller presents.</summary>
    public string KeyOf(Caller caller) => caller == Caller.Master ? SiloUnderTest.MasterKey : _keys[caller];

    public async Task InitializeAsync()
    {
        Silo = await SiloUnderTest.StartAsync();
        Api = new AdminApi(Silo);
        OrgA = await Api.NewOrgAsync();
        OrgB = await Api.NewOrgAsync();
        (await Api.PostAsync("/organization/update", new
        {
            organization_id = OrgA,
            custom_roles = new Dictionary<string, string[]> { ["key_reader"] = ["/key/list", "/key/info", "/team/info"] },
        })).Ok();
        await AddUserAsync(Caller.ProxyAdmin, null, globalRole: "proxy_admin");
        await AddUserAsync(Caller.ProxyViewer, null, globalRole: "proxy_admin_viewer");
        await AddUserAsync(Caller.OrgAdmin, OrgA, orgRole: "org_admin");
        await AddUserAsync(Caller.Developer, OrgA);
        await AddUserAsync(Caller.Auditor, OrgA, orgRole: "internal_user_viewer");
        await AddUserAsync(Caller.Finance, OrgA, orgRole: "finance");
        await AddUserAsync(Caller.TeamAdmin, OrgA);
        await AddUserAsync(Caller.Custom, OrgA, orgRole: "key_reader");
        await AddUserAsync(Caller.Outsider, OrgB, orgRole: "org_admin");
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    private async Task AddUserAsync(Caller caller, string? org, string? globalRole = null, string? orgRole = null)
    {
        var body = new JsonObject { ["user_id"] = AdminApi.NewId(caller.ToString().ToLowerInvariant()), ["auto_create_key"] = true };
        if (org is not null) body["organization_id"] = org;
        if (globalRole is not null) body["user_role"] = globalRole;
        var user = (await Api.PostAsync("/user/new", body.ToJsonString())).Ok().Object;
        var userId = user["user_id"]!.GetValue<string>();
        (UserIds[caller], _keys[caller]) = (userId, user["key"]!.GetValue<string>());
        if (orgRole is not null)
            (await Api.PostAsync("/organization/member_permission_update", new { organization_id = org, user_id = userId, role = orgRole })).Ok();
    }

    /// <summary>A fresh team of A with a 100 USD budget: the team admin is its <c>admin</c>, the developer a <c>user</c>.</summary>
    public async Task<string> NewTeamAsync()
    {
        var team = await Api.NewTeamAsync(OrgA, new { max_budget = 100 });
        (await Api.PostAsync("/team/member_add", new { team_id = team, member = new[]
        {
            new { user_id = UserIds[Caller.TeamAdmin], role = "admin" },
            new { user_id = UserIds[Caller.Developer], role = "user" },
        } })).Ok();
        return team;
    }

    /// <summary>A fresh key of a fresh team of A, owned by <paramref name="owner"/> (or nobody).</summary>
    public async Task<(string Team, string Key)> NewKeyAsync(Caller? owner = null)
    {
        var team = await NewTeamAsync();
        var body = new JsonObject { ["team_id"] = team };
        if (owner is { } o) body["user_id"] = UserIds[o];
        var key = (await Api.PostAsync("/key/generate", body.ToJsonString())).Ok().Object["key"]!.GetValue<string>();
        return (team, key);
    }

    /// <summary>A fresh member (internal user) of A.</summary>
    public Task<string> NewUserAsync() => Api.NewUserAsync(OrgA);

    /// <summary>A fresh customer of A.</summary>
    public async Task<string> NewCustomerAsync()
    {
        var id = AdminApi.NewId("cust");
        (await Api.PostAsync("/customer/new", new { user_id = id, organization_id = OrgA })).Ok();
        return id;
    }
}

namespace Routero.Silo.Tests.Access;

/// <summary>
/// Every admin route, and who may call it. Targets live in organization A (teams whose admin is the team admin and
/// whose member is the developer); the outsider is org admin of B. A route added to the facade without a row here
/// fails <see cref="AccessMatrixTests.Matrix_CoversEveryAdminRoute"/>.
/// </summary>
public static class AccessMatrix
{
    private static readonly HttpMethod Get = HttpMethod.Get, Post = HttpMethod.Post, Patch = HttpMethod.Patch, Delete = HttpMethod.Delete;

    private static Func<CaseIds, Task<AccessRequest>> R(HttpMethod method, Func<CaseIds, Task<(string Path, object? Body)>> build) =>
        async ids => { var (path, body) = await build(ids); return new AccessRequest(method, path, body); };

    private const string Days = "start_date=2026-01-01&end_date=2026-01-02";

    private static Task<(string, object?)> Do(string path, object? body = null) => Task.FromResult((path, body));

    public static readonly AccessCase[] Cases =
    [
        new("org.new", "POST", "/organization/new", R(Post, _ => Do("/organization/new", new { organization_alias = "n", organization_id = CaseIds.Fresh("org") })), "M PA", Outsider: 403),
        new("org.update", "POST", "/organization/update", R(Post, i => Do("/organization/update", new { organization_id = i.Org, organization_alias = "a" })), "M PA OA"),
        new("org.update.patch", "PATCH", "/organization/update", R(Patch, i => Do("/organization/update", new { organization_id = i.Org, organization_alias = "a" })), "M PA OA"),
        new("org.update.budget", "POST", "/organization/update", R(Post, i => Do("/organization/update", new { organization_id = i.Org, max_budget = 1000 })), "M PA OA FIN"),
        new("org.info", "GET", "/organization/info", R(Get, i => Do($"/organization/info?organization_id={i.Org}")), "M PA PV OA AUD FIN"),
        new("org.info.post", "POST", "/organization/info", R(Post, i => Do("/organization/info", new { organizations = new[] { i.Org } })), "M PA PV OA AUD FIN"),
        new("org.list", "GET", "/organization/list", R(Get, _ => Do("/organization/list")), "M PA PV OA AUD FIN OUT"),
        new("org.delete", "DELETE", "/organization/delete", R(Delete, async i => ("/organization/delete", (object?)new { organization_ids = new[] { await i.World.Api.NewOrgAsync() } })), "M PA", Outsider: 403),
        new("org.delete.post", "POST", "/organization/delete", R(Post, async i => ("/organization/delete", (object?)new { organization_ids = new[] { await i.World.Api.NewOrgAsync() } })), "M PA", Outsider: 403),
        new("org.member_add", "POST", "/organization/member_add", R(Post, i => Do("/organization/member_add", new { organization_id = i.Org, member = new { user_id = CaseIds.Fresh("u"), role = "internal_user" } })), "M PA OA"),
        new("org.member_permission_update", "POST", "/organization/member_permission_update", R(Post, async i => ("/organization/member_permission_update", (object?)new { organization_id = i.Org, user_id = await i.UserAsync(), role = "finance" })), "M PA OA"),
        new("org.member_update", "PATCH", "/organization/member_update", R(Patch, async i => ("/organization/member_update", (object?)new { organization_id = i.Org, user_id = await i.UserAsync(), role = "internal_user_viewer" })), "M PA OA"),

        new("team.new", "POST", "/team/new", R(Post, i => Do("/team/new", new { organization_id = i.Org, team_alias = "t" })), "M PA OA"),
        new("team.update", "POST", "/team/update", R(Post, async i => ("/team/update", (object?)new { team_id = await i.TeamAsync(), team_alias = "x" })), "M PA OA"),
        new("team.update.lower", "POST", "/team/update", R(Post, async i => ("/team/update", (object?)new { team_id = await i.TeamAsync(), max_budget = 50 })), "M PA OA FIN TA"),
        new("team.update.raise", "POST", "/team/update", R(Post, async i => ("/team/update", (object?)new { team_id = await i.TeamAsync(), max_budget = 500 })), "M PA OA FIN"),
        new("team.info", "GET", "/team/info", R(Get, async i => ($"/team/info?team_id={await i.TeamAsync()}", null)), "M PA PV OA DEV AUD FIN TA CUS"),
        new("team.list", "GET", "/team/list", R(Get, _ => Do("/team/list")), "M PA PV OA DEV AUD FIN TA OUT"),
        new("team.delete", "POST", "/team/delete", R(Post, async i => ("/team/delete", (object?)new { team_ids = new[] { await i.TeamAsync() } })), "M PA OA"),
        new("team.member_add", "POST", "/team/member_add", R(Post, async i => ("/team/member_add", (object?)new { team_id = await i.TeamAsync(), member = new { user_id = CaseIds.Fresh("u"), role = "user" } })), "M PA OA TA"),
        new("team.member_delete", "POST", "/team/member_delete", R(Post, async i => ("/team/member_delete", (object?)new { team_id = await i.TeamAsync(), user_id = i.World.UserIds[Caller.Developer] })), "M PA OA TA"),
        new("team.block", "POST", "/team/block", R(Post, async i => ("/team/block", (object?)new { team_id = await i.TeamAsync() })), "M PA OA"),
        new("team.unblock", "POST", "/team/unblock", R(Post, async i => ("/team/unblock", (object?)new { team_id = await i.TeamAsync() })), "M PA OA"),

        new("user.new", "POST", "/user/new", R(Post, i => Do("/user/new", new { organization_id = i.Org, user_id = CaseIds.Fresh("u"), auto_create_key = false })), "M PA OA"),
        new("user.info", "GET", "/user/info", R(Get, async i => ($"/user/info?user_id={await i.UserAsync()}", null)), "M PA PV OA AUD FIN"),
        new("user.update", "POST", "/user/update", R(Post, async i => ("/user/update", (object?)new { user_id = await i.UserAsync(), user_alias = "x" })), "M PA OA"),
        new("user.update.budget", "POST", "/user/update", R(Post, async i => ("/user/update", (object?)new { user_id = await i.UserAsync(), max_budget = 5 })), "M PA OA FIN"),
        new("user.delete", "POST", "/user/delete", R(Post, async i => ("/user/delete", (object?)new { user_ids = new[] { await i.UserAsync() } })), "M PA OA"),
        new("user.list", "GET", "/user/list", R(Get, _ => Do("/user/list")), "M PA PV OA DEV AUD FIN TA CUS OUT"),
        new("user.switch_org", "POST", "/user/switch_org", R(Post, async i => ("/user/switch_org", (object?)new { user_id = await i.UserAsync(), organization_id = i.Org })), "M PA OA"),

        new("key.generate", "POST", "/key/generate", R(Post, async i => ("/key/generate", (object?)new { team_id = await i.TeamAsync() })), "M PA OA DEV TA"),
        new("key.update", "POST", "/key/update", R(Post, async i => ("/key/update", (object?)new { key = await i.KeyAsync(), metadata = new { a = 1 } })), "M PA OA TA"),
        new("key.update.budget", "POST", "/key/update", R(Post, async i => ("/key/update", (object?)new { key = await i.KeyAsync(), max_budget = 5 })), "M PA OA FIN TA"),
        new("key.update.own", "POST", "/key/update", R(Post, async i => ("/key/update", (object?)new { key = await i.KeyAsync(Caller.Developer), metadata = new { a = 1 } })), "M PA OA TA DEV"),
        new("key.regenerate", "POST", "/key/regenerate", R(Post, async i => ("/key/regenerate", (object?)new { key = await i.KeyAsync() })), "M PA OA TA"),
        new("key.regenerate.path", "POST", "/key/{key}/regenerate", R(Post, async i => ($"/key/{await i.KeyAsync()}/regenerate", null)), "M PA OA TA"),
        new("key.regenerate.own", "POST", "/key/regenerate", R(Post, async i => ("/key/regenerate", (object?)new { key = await i.KeyAsync(Caller.Developer) })), "M PA OA TA DEV"),
        new("key.delete", "POST", "/key/delete", R(Post, async i => ("/key/delete", (object?)new { keys = new[] { await i.KeyAsync() } })), "M PA OA TA"),
        new("key.delete.own", "POST", "/key/delete", R(Post, async i => ("/key/delete", (object?)new { keys = new[] { await i.KeyAsync(Caller.Developer) } })), "M PA OA TA DEV"),
        new("key.info", "GET", "/key/info", R(Get, async i => ($"/key/info?key={await i.KeyAsync()}", null)), "M PA PV OA AUD FIN TA CUS"),
        new("key.info.own", "GET", "/key/info", R(Get, async i => ($"/key/info?key={await i.KeyAsync(Caller.Developer)}", null)), "M PA PV OA AUD FIN TA CUS DEV"),
        new("key.list", "GET", "/key/list", R(Get, _ => Do("/key/list")), "M PA PV OA DEV AUD FIN TA CUS OUT"),
        new("key.block", "POST", "/key/block", R(Post, async i => ("/key/block", (object?)new { key = await i.KeyAsync() })), "M PA OA TA"),
        new("key.unblock", "POST", "/key/unblock", R(Post, async i => ("/key/unblock", (object?)new { key = await i.KeyAsync() })), "M PA OA TA"),

        new("customer.new", "POST", "/customer/new", R(Post, i => Do("/customer/new", new { user_id = CaseIds.Fresh("c"), organization_id = i.Org })), "M PA OA"),
        new("customer.update", "POST", "/customer/update", R(Post, async i => ("/customer/update", (object?)new { user_id = await i.CustomerAsync(), organization_id = i.Org, alias = "x" })), "M PA OA"),
        new("customer.update.budget", "POST", "/customer/update", R(Post, async i => ("/customer/update", (object?)new { user_id = await i.CustomerAsync(), organization_id = i.Org, max_budget = 3 })), "M PA OA FIN"),
        new("customer.info", "GET", "/customer/info", R(Get, async i => ($"/customer/info?end_user_id={await i.CustomerAsync()}&organization_id={i.Org}", null)), "M PA PV OA AUD FIN"),
        new("customer.list", "GET", "/customer/list", R(Get, i => Do($"/customer/list?organization_id={i.Org}")), "M PA PV OA AUD FIN"),
        new("customer.delete", "POST", "/customer/delete", R(Post, async i => ("/customer/delete", (object?)new { user_ids = new[] { await i.CustomerAsync() }, organization_id = i.Org })), "M PA OA"),
        new("customer.block", "POST", "/customer/block", R(Post, async i => ("/customer/block", (object?)new { user_ids = new[] { await i.CustomerAsync() }, organization_id = i.Org })), "M PA OA"),
        new("customer.unblock", "POST", "/customer/unblock", R(Post, async i => ("/customer/unblock", (object?)new { user_ids = new[] { await i.CustomerAsync() }, organization_id = i.Org })), "M PA OA"),

        new("audit.logs", "GET", "/audit/logs", R(Get, i => Do($"/audit/logs?organization_id={i.Org}")), "M PA PV OA AUD"),
        new("audit", "GET", "/audit", R(Get, i => Do($"/audit?organization_id={i.Org}")), "M PA PV OA AUD"),
        new("report.team", "GET", "/team/daily/activity", R(Get, async i => ($"/team/daily/activity?team_ids={await i.TeamAsync()}&{Days}", null)), "M PA PV OA AUD FIN TA"),
        new("report.organization", "GET", "/organization/daily/activity", R(Get, i => Do($"/organization/daily/activity?organization_ids={i.Org}&{Days}")), "M PA PV OA AUD FIN"),
        new("report.customer", "GET", "/customer/daily/activity", R(Get, async i => ($"/customer/daily/activity?end_user_ids={await i.CustomerAsync()}&organization_id={i.Org}&{Days}", null)), "M PA PV OA AUD FIN"),
        new("report.user", "GET", "/user/daily/activity", R(Get, async i => ($"/user/daily/activity?user_id={await i.UserAsync()}&{Days}", null)), "M PA PV OA AUD FIN"),
        new("report.user.own", "GET", "/user/daily/activity", R(Get, i => Do($"/user/daily/activity?user_id={i.UserOf(Caller.Developer)}&{Days}")), "M PA PV OA AUD FIN DEV"),
        new("billing", "GET", "/billing/daily-spend", R(Get, i => Do($"/billing/daily-spend?organization_id={i.Org}&{Days}")), "M PA PV OA AUD FIN"),
        new("spend.logs", "GET", "/spend/logs", R(Get, async i => ($"/spend/logs?team_id={await i.TeamAsync()}", null)), "M PA PV OA AUD FIN TA"),
        new("config.update", "POST", "/config/update", R(Post, i => Do("/config/update", new { organization_id = i.Org, general_settings = new { budget_alert_thresholds = new[] { 0.5m } } })), "M PA OA"),
        new("config.get", "GET", "/config/get", R(Get, i => Do($"/config/get?organization_id={i.Org}")), "M PA OA"),
        new("scim.token", "POST", "/organization/scim_token", R(Post, i => Do("/organization/scim_token", new { organization_id = i.Org })), "M PA OA"),
        new("scim.token.revoke", "DELETE", "/organization/scim_token", R(Delete, i => Do("/organization/scim_token", new { organization_id = i.Org })), "M PA OA"),
        new("cluster.silos", "GET", "/cluster/silos", R(Get, _ => Do("/cluster/silos")), "M PA PV", Outsider: 403),
    ];
}

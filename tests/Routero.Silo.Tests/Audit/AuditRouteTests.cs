using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Routero.Access;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Audit;

/// <summary>Every mutating admin route writes exactly its audit records: one per object and membership it changed.</summary>
public sealed class AuditRouteTests(AdminSilo fixture) : IClassFixture<AdminSilo>
{
    /// <summary>Sends the request under test (with the case's request id) and asserts it succeeded.</summary>
    public delegate Task<Answer> Send(HttpMethod method, string path, object? body, string? organization = null);

    private delegate Task<ExpectedRecord[]> Scenario(AdminApi api, Send send);

    private static readonly HttpMethod Post = HttpMethod.Post, Patch = HttpMethod.Patch, Delete = HttpMethod.Delete;

    private static readonly Dictionary<string, Scenario> Cases = new()
    {
        ["POST /organization/new"] = async (api, send) =>
        {
            var org = AdminApi.NewId("org");
            await send(Post, "/organization/new", new { organization_id = org, organization_alias = "a" });
            return [new("organization.new", "create", "organization", org, org)];
        },
        ["POST /organization/update"] = (api, send) => OrganizationUpdateAsync(api, send, Post),
        ["PATCH /organization/update"] = (api, send) => OrganizationUpdateAsync(api, send, Patch),
        ["DELETE /organization/delete"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            var team = await api.NewTeamAsync(org);
            var keyId = await KeyIdAsync(api, new { team_id = team });
            var user = await api.NewUserAsync(org);
            (await api.PostAsync("/customer/new", new { user_id = "cust" }, org)).Ok();
            await send(Delete, "/organization/delete", new { organization_ids = new[] { org } });
            return
            [
                new("organization.delete", "delete", "organization", org, org), new("organization.delete", "delete", "team", team, org),
                new("organization.delete", "delete", "key", keyId, org), new("organization.delete", "delete", "customer", "cust", org),
                new("organization.delete", "update", "user", user, org),
            ];
        },
        ["POST /organization/delete"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            await send(Post, "/organization/delete", new { organization_ids = new[] { org } });
            return [new("organization.delete", "delete", "organization", org, org)];
        },
        ["POST /organization/member_add"] = async (api, send) =>
        {
            var (org, user) = (await api.NewOrgAsync(), AdminApi.NewId("user"));
            await send(Post, "/organization/member_add", new { organization_id = org, member = new { user_id = user, role = "internal_user_viewer" } });
            return [new("organization.member_add", "create", "user", user, org), new("organization.member_add", "create", "organization_membership", $"{org}/{user}", org)];
        },
        ["POST /organization/member_permission_update"] = (api, send) => MemberUpdateAsync(api, send, Post, "/organization/member_permission_update"),
        ["PATCH /organization/member_update"] = (api, send) => MemberUpdateAsync(api, send, Patch, "/organization/member_update"),
        ["POST /team/new"] = async (api, send) =>
        {
            var (org, team, user) = (await api.NewOrgAsync(), AdminApi.NewId("team"), AdminApi.NewId("user"));
            await send(Post, "/team/new", new { team_id = team, team_alias = "t", organization_id = org, members_with_roles = new[] { new { user_id = user, role = "admin" } } });
            return
            [
                new("team.new", "create", "team", team, org), new("team.new", "create", "user", user, org),
                new("team.new", "create", "organization_membership", $"{org}/{user}", org), new("team.new", "create", "team_membership", $"{team}/{user}", org),
            ];
        },
        ["POST /team/update"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            await send(Post, "/team/update", new { team_id = team, max_budget = 5 });
            return [new("team.update", "update", "team", team, org)];
        },
        ["POST /team/delete"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var keyId = await KeyIdAsync(api, new { team_id = team });
            await send(Post, "/team/delete", new { team_ids = new[] { team } });
            return [new("team.delete", "delete", "team", team, org), new("team.delete", "delete", "key", keyId, org)];
        },
        ["POST /team/member_add"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var user = await api.NewUserAsync(org);
            await send(Post, "/team/member_add", new { team_id = team, member = new { user_id = user, role = "user" } });
            return [new("team.member_add", "create", "team_membership", $"{team}/{user}", org)];
        },
        ["POST /team/member_delete"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var user = await api.NewUserAsync(org);
            (await api.PostAsync("/team/member_add", new { team_id = team, member = new { user_id = user } })).Ok();
            await send(Post, "/team/member_delete", new { team_id = team, user_id = user });
            return [new("team.member_delete", "delete", "team_membership", $"{team}/{user}", org)];
        },
        ["POST /team/block"] = (api, send) => TeamBlockAsync(api, send, "block"),
        ["POST /team/unblock"] = (api, send) => TeamBlockAsync(api, send, "unblock"),
        ["POST /user/new"] = async (api, send) =>
        {
            var (org, user) = (await api.NewOrgAsync(), AdminApi.NewId("user"));
            var answer = await send(Post, "/user/new", new { user_id = user, organization_id = org });
            var keyId = await KeyIdOfAsync(api, answer.Object["key"]!.GetValue<string>());
            return
            [
                new("user.new", "create", "user", user, org), new("user.new", "create", "organization_membership", $"{org}/{user}", org),
                new("user.new", "create", "key", keyId, org),
            ];
        },
        ["POST /user/update"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            var user = await api.NewUserAsync(org);
            await send(Post, "/user/update", new { user_id = user, user_alias = "new alias" });
            return [new("user.update", "update", "user", user, org)];
        },
        ["POST /user/delete"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            var user = await api.NewUserAsync(org);
            var keyId = await KeyIdAsync(api, new { user_id = user });
            await send(Post, "/user/delete", new { user_ids = new[] { user } });
            return [new("user.delete", "delete", "user", user, org), new("user.delete", "delete", "key", keyId, org)];
        },
        ["POST /user/switch_org"] = async (api, send) =>
        {
            var (first, second) = (await api.NewOrgAsync(), await api.NewOrgAsync());
            var user = await api.NewUserAsync(first);
            (await api.PostAsync("/organization/member_add", new { organization_id = second, member = new { user_id = user } })).Ok();
            await send(Post, "/user/switch_org", new { user_id = user, organization_id = second });
            return [new("user.switch_org", "update", "user", user, second)];
        },
        ["POST /key/generate"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var answer = await send(Post, "/key/generate", new { team_id = team });
            return [new("key.generate", "create", "key", await KeyIdOfAsync(api, answer.Object["key"]!.GetValue<string>()), org)];
        },
        ["POST /key/update"] = (api, send) => KeyActionAsync(api, send, "/key/update", "key.update", key => new { key, key_alias = AdminApi.NewId("alias") }),
        ["POST /key/regenerate"] = (api, send) => KeyActionAsync(api, send, "/key/regenerate", "key.regenerate", key => new { key }),
        ["POST /key/{key}/regenerate"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var key = (await api.PostAsync("/key/generate", new { team_id = team })).Ok().Object["key"]!.GetValue<string>();
            var keyId = await KeyIdOfAsync(api, key);
            await send(Post, $"/key/{key}/regenerate", null);
            return [new("key.regenerate", "update", "key", keyId, org)];
        },
        ["POST /key/delete"] = async (api, send) =>
        {
            var (org, team) = await TeamAsync(api);
            var key = (await api.PostAsync("/key/generate", new { team_id = team })).Ok().Object["key"]!.GetValue<string>();
            var keyId = await KeyIdOfAsync(api, key);
            await send(Post, "/key/delete", new { keys = new[] { key } });
            return [new("key.delete", "delete", "key", keyId, org)];
        },
        ["POST /key/block"] = (api, send) => KeyActionAsync(api, send, "/key/block", "key.block", key => new { key }),
        ["POST /key/unblock"] = (api, send) => KeyActionAsync(api, send, "/key/unblock", "key.unblock", key => new { key }),
        ["POST /customer/new"] = async (api, send) =>
        {
            var (org, customer) = (await api.NewOrgAsync(), AdminApi.NewId("cust"));
            await send(Post, "/customer/new", new { user_id = customer, max_budget = 3 }, org);
            return [new("customer.new", "create", "customer", customer, org)];
        },
        ["POST /customer/update"] = (api, send) => CustomerActionAsync(api, send, "update", c => new { user_id = c, alias = "x" }),
        ["POST /customer/delete"] = (api, send) => CustomerActionAsync(api, send, "delete", c => new { user_ids = new[] { c } }),
        ["POST /customer/block"] = async (api, send) =>
        {
            // Blocking an unknown customer creates it, blocked.
            var (org, customer) = (await api.NewOrgAsync(), AdminApi.NewId("cust"));
            await send(Post, "/customer/block", new { user_ids = new[] { customer } }, org);
            return [new("customer.block", "create", "customer", customer, org)];
        },
        ["POST /config/update"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            await send(Post, "/config/update", new { organization_id = org, general_settings = new { budget_alert_thresholds = new[] { 0.5m } } });
            return [new("config.update", "create", "organization_setting", $"{org}/alerting", org)];
        },
        ["POST /organization/scim_token"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            await send(Post, "/organization/scim_token", new { organization_id = org });
            return [new("organization.scim_token", "update", "organization", org, org)];
        },
        ["DELETE /organization/scim_token"] = async (api, send) =>
        {
            var org = await api.NewOrgAsync();
            (await api.PostAsync("/organization/scim_token", new { organization_id = org })).Ok();
            await send(Delete, "/organization/scim_token", new { organization_id = org });
            return [new("organization.scim_token", "update", "organization", org, org)];
        },
        ["POST /customer/unblock"] = (api, send) => CustomerActionAsync(api, send, "unblock", c => new { user_ids = new[] { c } }),
    };

    public static TheoryData<string> Routes => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task MutatingRoute_WritesExactlyItsRecords(string route)
    {
        var audit = new AuditApi(fixture.Silo);
        var requestId = AuditApi.NewRequestId();
        Send send = async (method, path, body, organization) =>
        {
            var (answer, echoed) = await audit.SendAsync(method, path, body, requestId, organization: organization);
            Assert.Equal(requestId, echoed);
            return answer.Ok();
        };

        var expected = await Cases[route](audit.Admin, send);

        var records = await audit.RecordsOfAsync(requestId);
        Assert.Equal(Sorted(expected), Sorted(records.Select(r => new ExpectedRecord(
            r["action"]!.GetValue<string>(), r["operation"]!.GetValue<string>(), r["target_type"]!.GetValue<string>(),
            r["object_id"]!.GetValue<string>(), r["organization_id"]?.GetValue<string>()))));
        Assert.All(records, r => Assert.Equal("master_key", r["changed_by"]!.GetValue<string>()));
    }

    [Fact]
    public void Cases_CoverEveryMutatingAdminRoute()
    {
        var sources = fixture.Silo.Services.GetRequiredService<EndpointDataSource>();
        var mutating = sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AdminRouteMarker>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(route => !route.StartsWith("GET ", StringComparison.Ordinal))
            // A read that LiteLLM sends as a POST (a list of ids in the body).
            .Except(["POST /organization/info"]);

        Assert.Equal(mutating.Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<ExpectedRecord> Sorted(IEnumerable<ExpectedRecord> records) =>
        records.OrderBy(r => r.TargetType, StringComparer.Ordinal).ThenBy(r => r.TargetId, StringComparer.Ordinal).ThenBy(r => r.Operation, StringComparer.Ordinal);

    private static async Task<ExpectedRecord[]> OrganizationUpdateAsync(AdminApi api, Send send, HttpMethod method)
    {
        var org = await api.NewOrgAsync();
        await send(method, "/organization/update", new { organization_id = org, organization_alias = "renamed" });
        return [new("organization.update", "update", "organization", org, org)];
    }

    private static async Task<ExpectedRecord[]> MemberUpdateAsync(AdminApi api, Send send, HttpMethod method, string path)
    {
        var (org, team) = await TeamAsync(api);
        var user = await api.NewUserAsync(org);
        await send(method, path, new { organization_id = org, user_id = user, role = "org_admin", team_id = team });
        return [new(path.TrimStart('/').Replace('/', '.'), "update", "organization_membership", $"{org}/{user}", org)];
    }

    private static async Task<ExpectedRecord[]> TeamBlockAsync(AdminApi api, Send send, string verb)
    {
        var (org, team) = await TeamAsync(api);
        await send(Post, $"/team/{verb}", new { team_id = team });
        return [new($"team.{verb}", "update", "team", team, org)];
    }

    private static async Task<ExpectedRecord[]> KeyActionAsync(AdminApi api, Send send, string path, string action, Func<string, object> body)
    {
        var (org, team) = await TeamAsync(api);
        var key = (await api.PostAsync("/key/generate", new { team_id = team })).Ok().Object["key"]!.GetValue<string>();
        var keyId = await KeyIdOfAsync(api, key);
        await send(Post, path, body(key));
        return [new(action, "update", "key", keyId, org)];
    }

    private static async Task<ExpectedRecord[]> CustomerActionAsync(AdminApi api, Send send, string verb, Func<string, object> body)
    {
        var (org, customer) = (await api.NewOrgAsync(), AdminApi.NewId("cust"));
        (await api.PostAsync("/customer/new", new { user_id = customer }, org)).Ok();
        await send(Post, $"/customer/{verb}", body(customer), org);
        return [new($"customer.{verb}", verb == "delete" ? "delete" : "update", "customer", customer, org)];
    }

    private static async Task<(string Org, string Team)> TeamAsync(AdminApi api)
    {
        var org = await api.NewOrgAsync();
        return (org, await api.NewTeamAsync(org));
    }

    private static async Task<string> KeyIdAsync(AdminApi api, object body) =>
        await KeyIdOfAsync(api, (await api.PostAsync("/key/generate", body)).Ok().Object["key"]!.GetValue<string>());

    private static Task<string> KeyIdOfAsync(AdminApi api, string key) => Infrastructure.Chat.KeyIdAsync(api.Silo, key);
}

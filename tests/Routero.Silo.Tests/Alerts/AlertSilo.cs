using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Routero.Alerts;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Alerts;

/// <summary>
/// A silo whose alerts may reach loopback (the test's receiver), retry fast and, unless a test says otherwise, wait long
/// for a hanging receiver; the receiver; and the exact cost of the standard request.
/// </summary>
public sealed class AlertSilo : IAsyncLifetime
{
    public SiloUnderTest Silo { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>Nanodollars one <see cref="Alerting.Request"/> costs.</summary>
    public long Cost { get; private set; }

    internal AlertStats Stats => Silo.Services.GetRequiredService<AlertStats>();

    public async Task InitializeAsync()
    {
        Silo = await StartAsync();
        Api = new AdminApi(Silo);
        Receiver = await WebhookReceiver.StartAsync();
        Cost = await Alerting.ProbeCostAsync(Api);
    }

    /// <summary>Starts a silo with test alert options (<paramref name="attemptTimeoutMs"/> per attempt).</summary>
    public static Task<SiloUnderTest> StartAsync(int attemptTimeoutMs = 60_000, string? dataDirectory = null) =>
        SiloUnderTest.StartAsync(settings =>
        {
            settings["Routero:Alerts:AllowPrivateNetworks"] = "true";
            settings["Routero:Alerts:RetryBaseDelayMs"] = "20";
            settings["Routero:Alerts:RetryMaxDelayMs"] = "100";
            settings["Routero:Alerts:MaxAttempts"] = "4";
            settings["Routero:Alerts:AttemptTimeoutMs"] = attemptTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Prompts free, 10 completion tokens at 100 USD per million: a request costs and reserves exactly $0.001, so a
            // budget of n requests is spent to the nanodollar by its n-th request (100 % is reachable).
            settings["Routero:Models:90:Alias"] = "test/exact";
            settings["Routero:Models:90:Deployments:0:Provider"] = "upstream";
            settings["Routero:Models:90:Deployments:0:Model"] = "tokens-10";
            settings["Routero:Models:90:Deployments:0:InputCostPerMillion"] = "0";
            settings["Routero:Models:90:Deployments:0:OutputCostPerMillion"] = "100";
            settings["Routero:Models:90:Deployments:0:MaxOutputTokens"] = "1000";
        }, dataDirectory);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Setting up alerted tenants and spending against them.</summary>
public static class Alerting
{
    /// <summary>The standard request: always the same tokens, so always the same exact cost.</summary>
    public static JsonObject Request => Chat.Body("test/exact", "hi", new { max_tokens = 10 });

    /// <summary>What one standard request costs, measured on a key without limits.</summary>
    public static async Task<long> ProbeCostAsync(AdminApi api)
    {
        var (_, _, key, _) = await api.NewTeamKeyAsync();
        await SendAsync(api.Silo, key, 1);
        return Assert.Single(await Chat.SpendOfAsync(api.Silo, key)).SpendNanos;
    }

    /// <summary>Exact dollars of <paramref name="nanos"/>, for budget fields.</summary>
    public static decimal Dollars(long nanos) => nanos / 1_000_000_000m;

    /// <summary>Sends <paramref name="times"/> standard requests (for <paramref name="customer"/>, if given) one after another, each answered 200.</summary>
    public static async Task SendAsync(SiloUnderTest silo, string key, int times, string? customer = null)
    {
        using var client = silo.ClientFor(key);
        for (var i = 0; i < times; i++)
        {
            var request = Request;
            if (customer is not null) request["user"] = customer;
            using var response = await Chat.PostAsync(client, request);
            Assert.True(response.IsSuccessStatusCode, $"request {i + 1} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Points an organization's budget alerts at the receiver's paths (null: that channel off).</summary>
    public static async Task ConfigureAsync(AdminApi api, WebhookReceiver receiver, string orgId, string? webhookPath, string? slackPath = null,
        decimal[]? thresholds = null)
    {
        var channels = new List<string>();
        if (slackPath is not null) channels.Add("slack");
        if (webhookPath is not null) channels.Add("webhook");
        var general = new JsonObject { ["alerting"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]) };
        if (thresholds is not null) general["budget_alert_thresholds"] = new JsonArray([.. thresholds.Select(t => (JsonNode)t)]);
        var body = new JsonObject
        {
            ["organization_id"] = orgId,
            ["general_settings"] = general,
            ["environment_variables"] = new JsonObject
            {
                ["WEBHOOK_URL"] = webhookPath is null ? null : receiver.Url(webhookPath),
                ["SLACK_WEBHOOK_URL"] = slackPath is null ? null : receiver.Url(slackPath),
            },
        };
        (await api.PostAsync("/config/update", body.ToJsonString())).Ok();
    }

    /// <summary>A new organization and team, and a key of the team with <paramref name="keyFields"/>.</summary>
    public static async Task<(string OrgId, string TeamId, string Key)> TenantAsync(AdminApi api, object? keyFields = null, object? teamFields = null)
    {
        var orgId = await api.NewOrgAsync(new { organization_alias = "acme" });
        var teamId = await api.NewTeamAsync(orgId, teamFields);
        var key = (await api.PostAsync("/key/generate", SiloUnderTest.Merge(new { team_id = teamId }, keyFields))).Ok().Object;
        return (orgId, teamId, key["key"]!.GetValue<string>());
    }

    /// <summary>A fresh receiver path.</summary>
    public static string Path(string name) => $"/{name}-{Guid.NewGuid():N}";
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Routero.Cluster.Tests.Infrastructure;
using Routero.Silo.Tests.Alerts;

namespace Routero.Cluster.Tests;

/// <summary>Budget alerts in a cluster: thresholds compare the level's cluster-wide spend, and each alert goes out once.</summary>
public sealed class BudgetAlertClusterTests
{
    private const long Cost = 1_000_000; // one test/exact request: exactly $0.001

    [Fact]
    public async Task BudgetAlert_SpendSplitAcrossSilos_IsComparedClusterWide_AndSentOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await TestCluster.StartAsync(silos: 2, configure: env =>
        {
            env["Routero__Alerts__AllowPrivateNetworks"] = "true";
            env["Routero__Alerts__RetryBaseDelayMs"] = "20";
        });
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var org = await TestCluster.AdminAsync(a, "/organization/new", new { organization_alias = "acme" });
        var orgId = org["organization_id"]!.GetValue<string>();
        var team = await TestCluster.AdminAsync(a, "/team/new", new { team_alias = "team", organization_id = orgId });
        var key = (await TestCluster.AdminAsync(a, "/key/generate", new { team_id = team["team_id"]!.GetValue<string>(), max_budget = 0.01, budget_duration = "1d" }))["key"]!.GetValue<string>();
        await TestCluster.AdminAsync(b, "/config/update", new
        {
            organization_id = orgId,
            general_settings = new { alerting = new[] { "webhook" }, budget_alert_thresholds = new[] { 0.5m, 0.8m } },
            // A dictionary: the JSON helper would camel-case a property named WEBHOOK_URL.
            environment_variables = new Dictionary<string, string> { ["WEBHOOK_URL"] = receiver.Url("/cluster") },
        });

        // Each silo serves 30 % of the budget: only the cluster-wide spend (60 %) reaches 50 %.
        await SendAsync(a, key, 3);
        await SendAsync(b, key, 3);
        var first = Assert.Single(await receiver.WaitForDeliveredAsync("/cluster", 1));
        Assert.Equal(0.5m, first["threshold"]!.GetValue<decimal>());
        Assert.InRange(first["spend_nanos"]!.GetValue<long>(), 5 * Cost, 6 * Cost);

        // Silo A next sees 70 % (50 % was B's to send: A loses the claim) and then 80 %, which it sends.
        await SendAsync(a, key, 2);

        var alerts = await receiver.WaitForDeliveredAsync("/cluster", 2);
        Assert.Equal([0.5m, 0.8m], alerts.Select(x => x["threshold"]!.GetValue<decimal>()));
        Assert.Equal(8 * Cost, alerts[1]["spend_nanos"]!.GetValue<long>());
        Assert.Equal(10 * Cost, alerts[1]["budget_nanos"]!.GetValue<long>());
        Assert.Equal(2, await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM budget_alerts"));
    }

    private static async Task SendAsync(SiloProcess silo, string key, int times)
    {
        using var client = silo.ClientFor(key);
        for (var i = 0; i < times; i++)
        {
            using var response = await client.PostAsJsonAsync("v1/chat/completions",
                new { model = "test/exact", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 10 });
            Assert.True(response.IsSuccessStatusCode, $"{silo.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Alerts;

/// <summary>
/// Budget alerts end to end: requests through the relay, spend made durable, alerts detected and posted to a real
/// receiver. Waits are bounded polls; "exactly N" is asserted once a later alert has arrived, because the evaluator
/// handles batches in order (everything before the later alert was evaluated by then).
/// </summary>
public sealed class BudgetAlertTests(AlertSilo fixture) : IClassFixture<AlertSilo>
{
    private readonly long _cost = fixture.Cost;

    private object KeyBudget(int requests, object? more = null) =>
        SiloUnderTest.Merge(new { max_budget = Alerting.Dollars(requests * _cost), budget_duration = "1d" }, more);

    [Fact]
    public async Task Alerts_Crossing80And100Percent_SendOneEach_WithTheExactSpendAndBudget()
    {
        var alias = "alerted-" + Guid.NewGuid().ToString("N")[..8];
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(10, new { key_alias = alias }));
        var hook = Alerting.Path("hook");
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook);

        await Alerting.SendAsync(fixture.Silo, key, 8);
        var first = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        await Alerting.SendAsync(fixture.Silo, key, 2); // the 9th request crosses nothing; the 10th spends the whole budget

        var alerts = await fixture.Receiver.WaitForDeliveredAsync(hook, 2);
        Assert.Equal(2, alerts.Count);
        var keyId = await Chat.KeyIdAsync(fixture.Silo, key);
        AssertAlert(first, "threshold_crossed", 0.8m, 8 * _cost, 10 * _cost);
        AssertAlert(alerts[1], "budget_crossed", 1m, 10 * _cost, 10 * _cost);
        foreach (var alert in alerts)
        {
            Assert.Equal(new JsonObject { ["kind"] = "key", ["id"] = keyId, ["alias"] = alias }.ToJsonString(), alert["entity"]!.ToJsonString());
            Assert.Equal(orgId, alert["organization"]!["id"]!.GetValue<string>());
            Assert.Equal("acme", alert["organization"]!["alias"]!.GetValue<string>());
            Assert.Equal("key", alert["event_group"]!.GetValue<string>());
        }
        Assert.NotEqual(alerts[0]["alert_id"]!.GetValue<string>(), alerts[1]["alert_id"]!.GetValue<string>());
        Assert.All(fixture.Receiver.Attempts(hook), r => Assert.Equal(JsonNode.Parse(r.Body)!["alert_id"]!.GetValue<string>(), r.AlertId));
        Assert.All(fixture.Receiver.Attempts(hook), r => Assert.StartsWith("application/json", r.ContentType));
    }

    [Fact]
    public async Task Alert_Window_IsTheKeysBudgetWindow()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var created = fixture.Silo.Time.GetUtcNow();
        var hook = Alerting.Path("hook");
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);

        await Alerting.SendAsync(fixture.Silo, key, 4);

        var alert = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        var start = alert["window_start"]!.GetValue<DateTimeOffset>();
        Assert.InRange(start, created - TimeSpan.FromMinutes(1), created);
        Assert.Equal(start + TimeSpan.FromDays(1), alert["window_end"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Alerts_NewBudgetWindow_AlertAgain_WithTheNewWindowsSpendOnly()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var hook = Alerting.Path("hook");
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);
        await Alerting.SendAsync(fixture.Silo, key, 4);
        var first = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));

        fixture.Silo.Time.Advance(TimeSpan.FromDays(1));
        await Alerting.SendAsync(fixture.Silo, key, 4);

        var alerts = await fixture.Receiver.WaitForDeliveredAsync(hook, 2);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(4 * _cost, alerts[1]["spend_nanos"]!.GetValue<long>());
        Assert.Equal(first["window_start"]!.GetValue<DateTimeOffset>() + TimeSpan.FromDays(1), alerts[1]["window_start"]!.GetValue<DateTimeOffset>());
        Assert.NotEqual(first["alert_id"]!.GetValue<string>(), alerts[1]["alert_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task SoftBudget_Crossed_AlertsOnceOnEveryChannel_NamingTheTeam()
    {
        var (orgId, teamId, key) = await Alerting.TenantAsync(fixture.Api, teamFields: new
        {
            team_alias = "search & <rescue>",
            soft_budget = Alerting.Dollars(2 * _cost),
            max_budget = Alerting.Dollars(4 * _cost),
            budget_duration = "1d",
        });
        var (hook, slack) = (Alerting.Path("hook"), Alerting.Path("slack"));
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, slack, thresholds: [1m]);

        await Alerting.SendAsync(fixture.Silo, key, 2);
        await fixture.Receiver.WaitForDeliveredAsync(hook, 1);
        await Alerting.SendAsync(fixture.Silo, key, 2); // the 4th request spends the whole budget

        var alerts = await fixture.Receiver.WaitForDeliveredAsync(hook, 2);
        var texts = await fixture.Receiver.WaitForDeliveredAsync(slack, 2);
        Assert.Equal(["soft_budget_crossed", "budget_crossed"], alerts.Select(a => a["event"]!.GetValue<string>()));
        var soft = alerts[0];
        Assert.Equal("team", soft["entity"]!["kind"]!.GetValue<string>());
        Assert.Equal(teamId, soft["entity"]!["id"]!.GetValue<string>());
        Assert.Equal("soft_budget", soft["budget_type"]!.GetValue<string>());
        Assert.Equal(2 * _cost, soft["spend_nanos"]!.GetValue<long>());
        Assert.Equal(2 * _cost, soft["budget_nanos"]!.GetValue<long>());
        Assert.Equal(Alerting.Dollars(2 * _cost), soft["soft_budget"]!.GetValue<decimal>());
        Assert.Equal(teamId, soft["team_id"]!.GetValue<string>());
        // Slack gets its incoming-webhook format: one "text" field, with &, < and > escaped as Slack asks.
        Assert.All(texts, t => Assert.Equal(["text"], t.Select(p => p.Key)));
        var text = texts[0]["text"]!.GetValue<string>();
        Assert.StartsWith($"Budget alert: team \"search &amp; &lt;rescue&gt;\" ({teamId}) of organization \"acme\" ({orgId}) crossed its soft_budget: ${Alerting.Dollars(2 * _cost)} spent of ${Alerting.Dollars(2 * _cost)}", text);
        Assert.Contains(" reached 100% of its max_budget", texts[1]["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Customer_ReachingItsBudget_IsNamedByItsOwnId()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api);
        var customer = "customer-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Api.PostAsync("/customer/new", new { user_id = customer, alias = "Alice", max_budget = Alerting.Dollars(5 * _cost), budget_duration = "1d" }, orgId)).Ok();
        var hook = Alerting.Path("hook");
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);

        await Alerting.SendAsync(fixture.Silo, key, 4, customer);

        var alert = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        Assert.Equal(new JsonObject { ["kind"] = "customer", ["id"] = customer, ["alias"] = "Alice" }.ToJsonString(), alert["entity"]!.ToJsonString());
        Assert.Equal(customer, alert["customer_id"]!.GetValue<string>());
        Assert.Equal(4 * _cost, alert["spend_nanos"]!.GetValue<long>());
    }

    [Fact]
    public async Task KeyCredit_ReachingAShareOfIt_AlertsOverTheKeysLifetime()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, new { credit_limit_usd = Alerting.Dollars(5 * _cost) });
        var hook = Alerting.Path("hook");
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);

        await Alerting.SendAsync(fixture.Silo, key, 4);

        var alert = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        Assert.Equal("credit_limit_usd", alert["budget_type"]!.GetValue<string>());
        Assert.Equal(5 * _cost, alert["budget_nanos"]!.GetValue<long>());
        Assert.Equal(4 * _cost, alert["spend_nanos"]!.GetValue<long>());
        Assert.Null(alert["window_start"]);
        Assert.Null(alert["window_end"]);
        Assert.EndsWith("over its lifetime.", alert["event_message"]!.GetValue<string>());
        // The key's grain is active here, and grains keep no token text: the alert must still name the key's hash.
        Assert.Equal(Routero.Keys.KeyHash.Of(key).ToHex(), alert["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailingWebhook_500Then200_IsRetried_AndDeliveredOnce()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var hook = Alerting.Path("flaky");
        fixture.Receiver.Script(hook, Reply.Fail500);
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);

        await Alerting.SendAsync(fixture.Silo, key, 4);

        Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        var attempts = fixture.Receiver.Attempts(hook);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], attempts.Select(a => a.Answered));
        Assert.Equal(attempts[0].Body, attempts[1].Body);
    }

    [Fact]
    public async Task FailingWebhook_AlwaysFailing_IsDroppedAfterMaxAttempts()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var hook = Alerting.Path("down");
        fixture.Receiver.Script(hook, Enumerable.Repeat(Reply.Fail500, 10).ToArray());
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);
        var failed = fixture.Stats.FailedCount;

        await Alerting.SendAsync(fixture.Silo, key, 4);

        await WebhookReceiver.WaitUntilAsync(() => fixture.Stats.FailedCount > failed, "the alert to be given up");
        Assert.Equal(4, fixture.Receiver.Attempts(hook).Count);
        Assert.Empty(fixture.Receiver.Delivered(hook));
    }

    [Fact]
    public async Task RefusingWebhook_404_IsNotRetried()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var hook = Alerting.Path("gone");
        fixture.Receiver.Script(hook, Reply.Fail404, Reply.Fail404);
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.8m]);
        var failed = fixture.Stats.FailedCount;

        await Alerting.SendAsync(fixture.Silo, key, 4);

        await WebhookReceiver.WaitUntilAsync(() => fixture.Stats.FailedCount > failed, "the alert to be refused");
        Assert.Single(fixture.Receiver.Attempts(hook));
    }

    [Fact]
    public async Task HangingWebhook_DoesNotHoldRelayRequests_AndTheAlertArrivesLater()
    {
        var (orgId, _, key) = await Alerting.TenantAsync(fixture.Api, KeyBudget(10));
        var hook = Alerting.Path("hanging");
        fixture.Receiver.Script(hook, Reply.HangUntilReleased);
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, orgId, hook, thresholds: [0.5m]);
        await Alerting.SendAsync(fixture.Silo, key, 5);
        await WebhookReceiver.WaitUntilAsync(() => fixture.Receiver.Attempts(hook).Count == 1, "the alert's first attempt");

        // The delivery is stuck in the receiver: requests keep being answered all the same.
        await Alerting.SendAsync(fixture.Silo, key, 3);
        Assert.Empty(fixture.Receiver.Delivered(hook));

        fixture.Receiver.Release(hook);
        var alert = Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(hook, 1));
        Assert.Equal(5 * _cost, alert["spend_nanos"]!.GetValue<long>());
    }

    [Fact]
    public async Task HangingWebhookOfOneOrganization_DoesNotDelayAnothersAlerts()
    {
        var (stuckOrg, _, stuckKey) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var (freeOrg, _, freeKey) = await Alerting.TenantAsync(fixture.Api, KeyBudget(5));
        var (stuck, free) = (Alerting.Path("stuck"), Alerting.Path("free"));
        fixture.Receiver.Script(stuck, Reply.HangUntilReleased);
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, stuckOrg, stuck, thresholds: [0.8m]);
        await Alerting.ConfigureAsync(fixture.Api, fixture.Receiver, freeOrg, free, thresholds: [0.8m]);
        await Alerting.SendAsync(fixture.Silo, stuckKey, 4);
        await WebhookReceiver.WaitUntilAsync(() => fixture.Receiver.Attempts(stuck).Count == 1, "the stuck alert's attempt");

        await Alerting.SendAsync(fixture.Silo, freeKey, 4);

        Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(free, 1));
        Assert.Empty(fixture.Receiver.Delivered(stuck));
        fixture.Receiver.Release(stuck);
        Assert.Single(await fixture.Receiver.WaitForDeliveredAsync(stuck, 1));
    }

    private static void AssertAlert(JsonObject alert, string @event, decimal threshold, long spendNanos, long budgetNanos)
    {
        Assert.Equal(@event, alert["event"]!.GetValue<string>());
        Assert.Equal(threshold, alert["threshold"]!.GetValue<decimal>());
        Assert.Equal(spendNanos, alert["spend_nanos"]!.GetValue<long>());
        Assert.Equal(Alerting.Dollars(spendNanos), alert["spend"]!.GetValue<decimal>());
        Assert.Equal("max_budget", alert["budget_type"]!.GetValue<string>());
        Assert.Equal(budgetNanos, alert["budget_nanos"]!.GetValue<long>());
        Assert.Equal(Alerting.Dollars(budgetNanos), alert["max_budget"]!.GetValue<decimal>());
    }
}

using Microsoft.Extensions.DependencyInjection;
using Routero.Alerts;
using Routero.Silo.Tests.Admin;

namespace Routero.Silo.Tests.Alerts;

/// <summary>Delivery and detection cases that need silos of their own: a short attempt timeout, two silos on one file.</summary>
public sealed class AlertDeliveryTests
{
    [Fact]
    public async Task AttemptTimeout_WebhookThatNeverAnswers_IsAbandoned_AndTheNextAttemptDelivers()
    {
        await using var silo = await AlertSilo.StartAsync(attemptTimeoutMs: 200);
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = new AdminApi(silo);
        var cost = await Alerting.ProbeCostAsync(api);
        var (orgId, _, key) = await Alerting.TenantAsync(api, new { max_budget = Alerting.Dollars(5 * cost) });
        var hook = Alerting.Path("silent");
        receiver.Script(hook, Reply.Hang);
        await Alerting.ConfigureAsync(api, receiver, orgId, hook, thresholds: [0.8m]);

        await Alerting.SendAsync(silo, key, 4);

        Assert.Single(await receiver.WaitForDeliveredAsync(hook, 1));
        var attempts = receiver.Attempts(hook);
        Assert.Equal(2, attempts.Count);
        Assert.Null(attempts[0].Answered);
    }

    [Fact]
    public async Task TwoSilosOnOneStore_BothSeeAThresholdReached_OnlyOneSends()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var a = await AlertSilo.StartAsync();
        await using var b = await AlertSilo.StartAsync(dataDirectory: a.DataDirectory);
        b.KeepDataOnDispose = true; // the file is a's
        var api = new AdminApi(a);
        var cost = await Alerting.ProbeCostAsync(api);
        var (orgId, _, key) = await Alerting.TenantAsync(api, new { max_budget = Alerting.Dollars(10 * cost), budget_duration = "1d" });
        var hook = Alerting.Path("shared");
        await Alerting.ConfigureAsync(api, receiver, orgId, hook, thresholds: [0.5m, 0.8m]);
        await Alerting.SendAsync(a, key, 6);
        Assert.Single(await receiver.WaitForDeliveredAsync(hook, 1));

        // b's key grain starts from the durable counters (60 %): at 70 % it sees 50 % reached and loses the claim to a;
        // at 80 % it claims and sends the next threshold, which also marks that b's 50 % evaluation is over.
        await Alerting.SendAsync(b, key, 2);

        var alerts = await receiver.WaitForDeliveredAsync(hook, 2);
        Assert.Equal([0.5m, 0.8m], alerts.Select(x => x["threshold"]!.GetValue<decimal>()));
        Assert.Equal(1, Stats(a).Claimed);
        Assert.Equal(1, Stats(b).Claimed);
        Assert.Equal(1, Stats(b).Deduplicated);
        Assert.Equal(8 * cost, alerts[1]["spend_nanos"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sender_WithoutPrivateNetworks_DoesNotConnectToAHostThatResolvesToLoopback()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sut = new WebhookSender(new AlertOptions(), TimeProvider.System);
        // A name, not a literal address: the check that matters is the one made after resolution.
        var url = $"http://localhost:{receiver.BaseAddress.Port}/guarded";
        var delivery = new AlertDelivery("org-1", new AlertDestination(AlertChannel.Webhook, 0, url), "alert-1", "{}"u8.ToArray());

        var outcome = await sut.SendAsync(delivery, CancellationToken.None);

        Assert.Equal(AttemptResult.Rejected, outcome.Result);
        Assert.Empty(receiver.Attempts("/guarded"));
    }

    private static AlertStats Stats(Infrastructure.SiloUnderTest silo) => silo.Services.GetRequiredService<AlertStats>();
}

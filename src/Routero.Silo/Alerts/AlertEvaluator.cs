using Routero.Hosting;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// Detects budget alerts off the request path: reads the durable spend batches from the <see cref="SpendFeed"/>,
/// evaluates each level they touched against its organization's thresholds, claims every threshold reached (the
/// claim in the shared store makes the alert one per level, window and threshold across silos) and hands what it
/// claimed to the <see cref="AlertDispatcher"/>. One loop, one level at a time; it never waits for a delivery.
/// </summary>
internal sealed partial class AlertEvaluator(
    SpendFeed feed, LevelReader levels, WindowSpend spend, AlertSettingsStore settings, AlertDispatcher dispatcher,
    AlertStats stats, SiloRuntime runtime, SiloBackend backend, AlertOptions options, ILogger<AlertEvaluator> logger) : BackgroundService
{
    private const int MaxLevelsPerPass = 10_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    // Claims are kept a day past their window: a batch evaluated late must still find its window's claims.
    private static readonly TimeSpan PruneAfter = TimeSpan.FromDays(1);

    private readonly FiredThresholds _fired = new();
    private readonly TouchedLevels _touched = new();
    private readonly string _silo = backend.Identity?.Name ?? Environment.MachineName;
    private long _skippedReported;
    private DateTimeOffset _nextPrune;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        var reader = feed.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Wall-clock pacing of the evaluator's own work, not the tenants' time: a delay on the test clock
                // would never end.
                if (options.EvaluationDelayMs > 0) await Task.Delay(options.EvaluationDelayMs, stoppingToken).ConfigureAwait(false);
                var touched = _touched;
                var now = runtime.Time.GetUtcNow();
                while (touched.Count < MaxLevelsPerPass && reader.TryRead(out var batch)) touched.Add(batch, now);
                ReportSkipped();
                for (var i = 0; i < touched.Count; i++) await EvaluateSafelyAsync(touched[i], stoppingToken).ConfigureAwait(false);
                touched.Clear();
                await PruneIfDueAsync(now, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A level whose last batch was not evaluated is checked again at its next spend, on any silo.
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await dispatcher.DisposeAsync().ConfigureAwait(false);
    }

    private async Task EvaluateSafelyAsync(TouchedLevel level, CancellationToken ct)
    {
        try
        {
            await EvaluateAsync(level, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Nothing was marked alerted: the level's next spend tries again.
            LogEvaluationFailed(e, level.Kind.Name(), level.Id);
        }
    }

    private async Task EvaluateAsync(TouchedLevel touched, CancellationToken ct)
    {
        // Keys, customers and organizations belong to the organization their spend records name (the key's): when it
        // receives no alerts, the level is not even read. Teams and users are read for their own organization.
        if (touched.Kind is (EntityKind.Key or EntityKind.Customer or EntityKind.Organization) && touched.OrganizationHint is { } hint
            && (await settings.GetAsync(hint, ct).ConfigureAwait(false)).Destinations().Count == 0) return;
        if (await levels.FindAsync(touched.Kind, touched.Id, ct).ConfigureAwait(false) is not { } found) return;
        if ((found.OrganizationId ?? touched.OrganizationHint) is not { } orgId) return;
        var org = await settings.GetAsync(orgId, ct).ConfigureAwait(false);
        var destinations = org.Destinations();
        if (destinations.Count == 0) return;
        // Only now the level's limits (an active grain's, read in its turn): most levels' organizations get no alerts.
        if (await LevelReader.ViewAsync(found).ConfigureAwait(false) is not { } level) return;
        stats.Evaluate();
        await CheckLevelAsync(new Alerting(level, orgId, destinations), org, touched.At, touched.Counter, ct).ConfigureAwait(false);
    }

    // Apart from EvaluateAsync, so that the closures below are allocated for the levels that get this far (an
    // organization with alerts), not for every level of every pass.
    private async Task CheckLevelAsync(Alerting alerting, AlertSettings org, DateTimeOffset at, Storage.BudgetCounter? counter, CancellationToken ct)
    {
        var level = alerting.Level;
        var window = AlertWindow.Of(level.Limits, at, counter);
        await CheckAsync(alerting, window, BudgetThresholds.OfWindow(level.Limits, org.BudgetAlertThresholds),
            () => spend.InWindowAsync(level, window, counter, ct), ct).ConfigureAwait(false);
        await CheckAsync(alerting, AlertWindow.Lifetime, BudgetThresholds.OfCredit(level.CreditLimit, org.BudgetAlertThresholds),
            () => spend.LifetimeAsync(level, counter, ct), ct).ConfigureAwait(false);
    }

    private async Task CheckAsync(Alerting alerting, AlertWindow window, IReadOnlyList<BudgetThreshold> thresholds,
        Func<ValueTask<Money.Usd>> readSpend, CancellationToken ct)
    {
        var level = alerting.Level;
        var pending = thresholds.Where(t => !_fired.Contains(level.Kind, level.Id, window.Start.UtcTicks, t.Key)).ToList();
        if (pending.Count == 0) return;
        var spent = await readSpend().ConfigureAwait(false);
        foreach (var threshold in pending.TakeWhile(t => t.IsReachedBy(spent)))
        {
            var alert = new BudgetAlert
            {
                AlertId = BudgetAlert.IdOf(level.Kind, level.Id, window, threshold),
                Level = await DescribedAsync(alerting, ct).ConfigureAwait(false), OrganizationId = alerting.OrganizationId,
                OrganizationAlias = await OrganizationAliasAsync(alerting, ct).ConfigureAwait(false),
                Threshold = threshold, Spend = spent, Window = window, CreatedAt = runtime.Time.GetUtcNow(),
            };
            var claimed = await runtime.Store.TryClaimBudgetAlertAsync(alert.Claim(_silo), ct).ConfigureAwait(false);
            _fired.Add(level.Kind, level.Id, window.Start.UtcTicks, threshold.Key);
            if (!claimed)
            {
                stats.Deduplicate();
                continue;
            }
            stats.Claim();
            LogRaised(alert.AlertId, level.Kind.Name(), level.DisplayId, alerting.OrganizationId, threshold.Key, spent.Nanos);
            foreach (var destination in alerting.Destinations)
                dispatcher.TryEnqueue(new AlertDelivery(alerting.OrganizationId, destination, alert.AlertId,
                    destination.Channel == AlertChannel.Slack ? AlertMessages.SlackBody(alert) : AlertMessages.WebhookBody(alert)));
        }
    }

    // An active grain keeps only what admission and this evaluation read (limits, ids), not names: an alert that is
    // raised describes its level as storage has it, read once per evaluation, only when a threshold is crossed.
    private async ValueTask<LevelView> DescribedAsync(Alerting alerting, CancellationToken ct) =>
        alerting.Described ??= await levels.ReadStoredAsync(alerting.Level.Kind, alerting.Level.Id, ct).ConfigureAwait(false) ?? alerting.Level;

    private async ValueTask<string?> OrganizationAliasAsync(Alerting alerting, CancellationToken ct)
    {
        if (alerting.Level.Kind == EntityKind.Organization) return (await DescribedAsync(alerting, ct).ConfigureAwait(false)).Alias;
        if (!alerting.OrganizationRead)
        {
            alerting.OrganizationAlias = (await levels.ReadStoredAsync(EntityKind.Organization, alerting.OrganizationId, ct).ConfigureAwait(false))?.Alias;
            alerting.OrganizationRead = true;
        }
        return alerting.OrganizationAlias;
    }

    private void ReportSkipped()
    {
        var skipped = feed.Skipped;
        if (skipped == _skippedReported) return;
        LogSkipped(skipped - _skippedReported);
        _skippedReported = skipped;
    }

    private async Task PruneIfDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (now < _nextPrune) return;
        _nextPrune = now + PruneEvery;
        try
        {
            await runtime.Store.PruneBudgetAlertsAsync(now - PruneAfter, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPruneFailed(e);
        }
    }

    /// <summary>One level under evaluation, with its organization's destinations.</summary>
    private sealed class Alerting(LevelView level, string organizationId, IReadOnlyList<AlertDestination> destinations)
    {
        public LevelView Level { get; } = level;
        public string OrganizationId { get; } = organizationId;
        public IReadOnlyList<AlertDestination> Destinations { get; } = destinations;
        public string? OrganizationAlias { get; set; }
        public bool OrganizationRead { get; set; }
        public LevelView? Described { get; set; }
    }
}

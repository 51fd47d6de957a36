using Routero.Admission;
using Routero.Money;
using Routero.Quota;

namespace Routero.Tenancy;

/// <summary>
/// A key's limits on one model (<c>model_limits</c>): a level of its own in the admission chain, whose
/// state lives in the key grain and is only touched inside the key's turns. In a cluster its budget and rate
/// windows are buckets of the shared ledger, like every other level's, so the silos together hold a pin's limits.
/// </summary>
internal sealed class ModelPinLevel(KeyGrain key, string model, GrainContext context) : IAdmissionLevel
{
    // One or the other: an embedded silo's pin admits from its own quota, a cluster's from the ledger's leases.
    private readonly LevelQuota? _quota = context.Ledger is null ? new(context.RateWindow) : null;
    private readonly ClusterQuota? _cluster = context.Ledger is { } ledger ? new ClusterQuota(ledger, $"key:{key.Id}/{model}", context) : null;
    private Limits _limits = Limits.None;

    public EntityKind Kind => EntityKind.Key;

    public string Id => $"{key.Id}/{model}";

    /// <summary>Requests admitted on the pin and not yet finished.</summary>
    public int InFlight => (_quota?.InFlight ?? 0) + (_cluster?.InFlight ?? 0);

    public void Configure(ModelLimit limit, Limits keyLimits, DateTimeOffset now)
    {
        // The pin's budget counts in the key's budget window; it has no soft budget or concurrency limit of its own.
        _limits = keyLimits with
        {
            MaxBudget = limit.MaxBudget, SoftBudget = null, RpmLimit = limit.RpmLimit, TpmLimit = limit.TpmLimit, MaxParallelRequests = null,
        };
        if (_quota is null) return;
        _quota.Budget.Configure(_limits.MaxBudgetUsd, keyLimits.Duration, keyLimits.BudgetAnchor, null, now);
        _quota.Rate.RequestLimit = limit.RpmLimit;
        _quota.Rate.TokenLimit = limit.TpmLimit;
    }

    public ValueTask<LevelAdmission> TryAdmitAsync(CostEstimate estimate, string model, int maxOutputTokens) =>
        _cluster is { } cluster
            ? key.InTurnAsync(now => cluster.TryAdmitAsync(_limits, null, estimate, maxOutputTokens, now))
            : key.AdmitPinAsync(_quota!, estimate, maxOutputTokens);

    public ValueTask<LevelHold> ShrinkAsync(LevelHold hold, Usd to) =>
        key.InTurnAsync(_ => _cluster is { } cluster ? cluster.Shrink(hold, to, _limits, null) : _quota!.Shrink(hold, to));

    public async ValueTask ReleaseAsync(LevelHold hold) => await key.InTurnAsync(now =>
    {
        if (_cluster is { } cluster) cluster.Release(hold, _limits, null);
        else _quota!.Release(now, hold);
        return 0;
    });

    public async ValueTask SettleAsync(LevelHold hold, Usd cost, long tokens) =>
        await key.InTurnAsync(now =>
        {
            if (_cluster is { } cluster)
            {
                cluster.Settle(hold, cost, tokens, _limits, null);
                return 0;
            }
            _quota!.Settle(now, hold, cost, tokens);
            key.EnqueuePinCounter(Kind, Id, _quota.Budget);
            return 0;
        });

    /// <summary>Restores the pin's persisted budget counters (at the key grain's activation; embedded mode only).</summary>
    public void Restore(Storage.BudgetCounter counter, DateTimeOffset now) => _quota?.Budget.Restore(counter, now);

    /// <summary>Gives the pin's leases back to the ledger (the key grain going idle or the silo stopping).</summary>
    public Task ReturnLeasesAsync(CancellationToken ct) => _cluster?.ReturnAllAsync(ct) ?? Task.CompletedTask;

    /// <summary>Whether the pin holds leases it need not keep, idle since then (see <see cref="ClusterQuota.HoldsLeasesIdleSince"/>).</summary>
    public bool HoldsLeasesIdleSince(long timestamp) => _cluster?.HoldsLeasesIdleSince(timestamp) ?? false;

    /// <summary>Gives back the leases the idle pin need not keep.</summary>
    public Task ReturnIdleLeasesAsync(CancellationToken ct) => _cluster?.ReturnIdleAsync(ct) ?? Task.CompletedTask;
}

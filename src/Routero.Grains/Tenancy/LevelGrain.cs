using System.Text.Json;
using Routero.Admission;
using Routero.Hosting;
using Routero.Money;
using Routero.Quota;
using Routero.Storage;

namespace Routero.Tenancy;

/// <summary>
/// The shared shape of organization, team, user, customer and key grains: an immutable record (swapped on
/// change, never mutated), and the level's quota, admitted against from memory.
/// </summary>
public abstract class LevelGrain<TRecord> : Grain, IAdmissionLevel, ILevelGrain where TRecord : EntityRecord
{
    /// <summary>Creates the grain.</summary>
    protected LevelGrain(string id, GrainContext context) : base(id)
    {
        Context = context;
        // A cluster's levels admit from leases of the shared ledger (ClusterQuota) and keep no quota of their own.
        if (context.Ledger is null) _admission = new LevelQuota(context.RateWindow);
    }

    // What the level admits with, one or the other (one field for both, as every active level pays for it): an
    // embedded silo's own quota (a LevelQuota, from activation), or a cluster silo's leases of the shared ledger (a
    // ClusterQuota, from the level's first admission; null until then).
    private object? _admission;

    private LevelQuota? LocalQuota => _admission as LevelQuota;

    private ClusterQuota? Leases => _admission as ClusterQuota;

    /// <summary>Shared silo services.</summary>
    protected GrainContext Context { get; }

    /// <summary>The level's quota, in an embedded silo (a cluster's grains admit through the ledger).</summary>
    protected LevelQuota Quota => LocalQuota ?? throw new InvalidOperationException("A cluster silo's levels keep no local quota.");

    /// <inheritdoc />
    public abstract EntityKind Kind { get; }

    /// <summary>
    /// The current record as the grain keeps it (see <see cref="Compact"/>: no names, aliases or metadata; in an
    /// embedded silo no limits either, read <see cref="Limits"/>), or null when the object does not exist.
    /// </summary>
    public TRecord? Record { get; private set; }

    /// <summary>The stored version of <see cref="Record"/>.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// Spend settled here in the current budget window, and over the level's life; null in a cluster silo, whose
    /// levels spend from leases (the spend log is the whole answer there).
    /// </summary>
    public (Usd Window, Usd Lifetime, DateTimeOffset? ResetAt)? Spend =>
        LocalQuota is { } quota ? (quota.Budget.WindowSpent, quota.Budget.LifetimeSpent, quota.Budget.WindowEnd) : null;

    /// <summary>The cluster admission path, when the silo shares a quota ledger with others.</summary>
    private ClusterQuota? Cluster => Context.Ledger is { } ledger ? (ClusterQuota)(_admission ??= new ClusterQuota(ledger, $"{Kind.Name()}:{Id}", Context)) : null;

    /// <inheritdoc />
    protected internal override bool CanDeactivate => (LocalQuota?.InFlight ?? 0) == 0 && (Leases?.InFlight ?? 0) == 0;

    /// <inheritdoc />
    protected internal override bool HoldsLeasesIdleSince(long timestamp) => Leases?.HoldsLeasesIdleSince(timestamp) ?? false;

    /// <inheritdoc />
    protected internal override Task OnIdleAsync(CancellationToken ct) => Leases?.ReturnIdleAsync(ct) ?? Task.CompletedTask;

    /// <inheritdoc />
    protected internal override async Task OnActivateAsync(CancellationToken ct)
    {
        var stored = await Context.Store.GetAsync(Kind, Id, ct).ConfigureAwait(false);
        Apply(stored);
        if (Cluster is not null) return; // in a cluster the ledger's buckets are the counters
        // Counters queued by an earlier activation must be durable before this one reads them.
        await Context.Spend.FlushAsync().ConfigureAwait(false);
        if (await Context.Store.GetCounterAsync(Kind, Id, ct).ConfigureAwait(false) is { } counter)
            Quota.Budget.Restore(counter, Context.Now);
    }

    /// <inheritdoc />
    protected internal override Task OnDeactivateAsync(CancellationToken ct) =>
        Leases?.ReturnAllAsync(ct) ?? Task.CompletedTask;

    /// <summary>Re-reads the record from storage after a change (made here or by another silo).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        using (await EnterTurnAsync().ConfigureAwait(false))
        {
            // Read inside the turn: overlapping refreshes apply in the order they read, so the newest record wins.
            var stored = await Context.Store.GetAsync(Kind, Id, ct).ConfigureAwait(false);
            Apply(stored);
        }
        if (AffectsKeyPolicies) Context.BumpPolicyEpoch();
    }

    /// <summary>True when key policy snapshots depend on this level's record (all but customers).</summary>
    protected virtual bool AffectsKeyPolicies => true;

    private void Apply(StoredEntity? stored)
    {
        var record = stored is null ? null : Compact(JsonSerializer.Deserialize<TRecord>(stored.Json, CompactCollections.RecordJson)!);
        var limits = record?.Limits ?? Limits.None;
        if (LocalQuota is { } quota)
        {
            quota.Configure(limits, CreditLimit(record), Context.Now);
            // The quota holds every limit now (Limits reads them back from it): the record does not keep a second copy.
            if (record is not null && !ReferenceEquals(record.Limits, Limits.None)) record = (TRecord)(record with { Limits = Limits.None });
        }
        Record = record;
        Version = stored?.Version ?? 0;
        OnRecordChanged(record, limits);
    }

    /// <summary>
    /// The level's limits as this grain enforces them. In an embedded silo they are read back from the level's quota
    /// (see <see cref="LevelQuota.ToLimits"/>: the record the grain keeps carries <see cref="Limits.None"/>, so that a
    /// level's limits are held once); in a cluster silo they are the record's.
    /// </summary>
    /// <remarks>Read it inside the grain's turn, or through <see cref="ReadLimitsAsync"/>: a change applies them field by field.</remarks>
    public Limits Limits => LocalQuota?.ToLimits() ?? Record?.Limits ?? Limits.None;

    /// <summary>The record and <see cref="Limits"/> as one consistent pair, read inside the grain's turn (for readers outside it).</summary>
    public async ValueTask<(TRecord? Record, Limits Limits)> ReadLimitsAsync()
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        return (Record, Limits);
    }

    /// <inheritdoc />
    EntityRecord? ILevelGrain.Record => Record;

    /// <inheritdoc />
    async ValueTask<(EntityRecord? Record, Limits Limits)> ILevelGrain.ReadLimitsAsync() => await ReadLimitsAsync().ConfigureAwait(false);

    /// <summary>
    /// The record as the grain keeps it: each kind drops what only storage, the admin facade and raised alerts need
    /// (names, aliases, metadata, the creator: they read storage) and takes its ids from <see cref="GrainContext.Intern"/>
    /// (or its own id), so the grains of a chain share one string per id.
    /// </summary>
    protected abstract TRecord Compact(TRecord record);

    /// <summary>A lifetime spend cap, for levels that have one (keys).</summary>
    protected virtual Usd? CreditLimit(TRecord? record) => null;

    /// <summary>Lets a subclass derive more state from a new record and the limits it set.</summary>
    protected virtual void OnRecordChanged(TRecord? record, Limits limits)
    {
    }

    /// <inheritdoc />
    public async ValueTask<LevelAdmission> TryAdmitAsync(CostEstimate estimate, string model, int maxOutputTokens)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        if (Cluster is not { } cluster || Record is null || Record.Blocked) return Admit(estimate, model, maxOutputTokens);
        return await cluster.TryAdmitAsync(Record.Limits, CreditLimit(Record), estimate, maxOutputTokens, Context.Now).ConfigureAwait(false);
    }

    /// <summary>Admission inside the turn; keys add their per-model pins.</summary>
    protected virtual LevelAdmission Admit(in CostEstimate estimate, string model, int maxOutputTokens)
    {
        var now = Context.Now;
        if (Record is null || Record.Blocked)
            return new(RefusalReason.Blocked, default, 0, TimeSpan.Zero, null, null, null);
        var granted = maxOutputTokens;
        var refusal = Quota.TryAdmit(now, estimate, ref granted, out var hold, out var retryAfter);
        return refusal != RefusalReason.None
            ? new(refusal, default, 0, retryAfter, null, null, null)
            : new(RefusalReason.None, hold, granted, TimeSpan.Zero, RemainingBudget(now), Quota.Rate.RemainingRequests(now), Quota.Rate.RemainingTokens(now));
    }

    /// <summary>The budget left now, or null when unlimited.</summary>
    protected Usd? RemainingBudget(DateTimeOffset now) => Quota.Budget.IsUnlimited ? null : Quota.Budget.Remaining(now);

    /// <inheritdoc />
    public async ValueTask<LevelHold> ShrinkAsync(LevelHold hold, Usd to)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        return Leases is { } cluster ? cluster.Shrink(hold, to, LimitsNow, CreditLimit(Record)) : Quota.Shrink(hold, to);
    }

    private Limits LimitsNow => Record?.Limits ?? Limits.None;

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(LevelHold hold)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        if (Leases is { } cluster) cluster.Release(hold, LimitsNow, CreditLimit(Record));
        else Quota.Release(Context.Now, hold);
    }

    /// <inheritdoc />
    public async ValueTask SettleAsync(LevelHold hold, Usd cost, long tokens)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        if (Leases is { } cluster)
        {
            cluster.Settle(hold, cost, tokens, LimitsNow, CreditLimit(Record));
            return;
        }
        Quota.Settle(Context.Now, hold, cost, tokens);
        // Queued inside the turn, so this level's counters reach the writer in the order they changed.
        Context.Spend.EnqueueCounter(Kind, Id, Quota.Budget);
    }
}

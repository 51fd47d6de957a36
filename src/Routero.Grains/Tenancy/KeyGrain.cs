using System.Collections.Frozen;
using Routero.Admission;
using Routero.Keys;
using Routero.Money;
using Routero.Policy;

namespace Routero.Tenancy;

/// <summary>
/// A virtual key: its own level of quota, its per-model pins (<c>model_limits</c>), and the resolved policy
/// snapshot of its whole chain, rebuilt only when some tenant object changed.
/// </summary>
public sealed class KeyGrain(string id, GrainContext context) : LevelGrain<KeyRecord>(id, context)
{
    private FrozenDictionary<string, ModelPinLevel> _pins = FrozenDictionary<string, ModelPinLevel>.Empty;

    // The resolved policy, which carries the hash the key has now; or, from a change of the record until the next
    // build, that hash alone (parsed once from the record's token, which the grain does not keep), so that a key
    // holds its hash once. Null when the key does not exist. Written inside a turn or at activation.
    private object? _policy;

    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Key;

    /// <inheritdoc />
    protected override Usd? CreditLimit(KeyRecord? record) =>
        record?.CreditLimitUsd is { } credit && credit > 0 ? Usd.FromDollars(credit) : null;

    /// <inheritdoc />
    protected override KeyRecord Compact(KeyRecord record)
    {
        // The token's hex (64 characters) is for storage and the admin facade; the grain keeps the parsed hash. Names,
        // aliases, metadata and the creator are for admins and alerts, which read them from storage.
        _policy = new PendingHash(KeyHash.TryParseHex(record.Token, out var hash) ? hash : default);
        return record with
        {
            KeyId = Id, Token = string.Empty, TeamId = Context.Intern(record.TeamId), UserId = Context.Intern(record.UserId),
            OrganizationId = Context.Intern(record.OrganizationId), KeyName = string.Empty, KeyAlias = null, Metadata = null,
            CreatedBy = null,
        };
    }

    /// <inheritdoc />
    protected override void OnRecordChanged(KeyRecord? record, Limits limits)
    {
        if (record is null) _policy = null; // else Compact left the new record's hash, for the next build
        if (record is null || record.ModelLimits.Count == 0)
        {
            _pins = FrozenDictionary<string, ModelPinLevel>.Empty;
            return;
        }
        // Pins keep their counters across config changes; only their limits are replaced.
        var pins = new Dictionary<string, ModelPinLevel>(StringComparer.Ordinal);
        foreach (var (model, limit) in record.ModelLimits)
        {
            var pin = _pins.TryGetValue(model, out var existing) ? existing : new ModelPinLevel(this, model, Context);
            pin.Configure(limit, limits, Context.Now);
            pins[model] = pin;
        }
        _pins = pins.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    protected internal override async Task OnActivateAsync(CancellationToken ct)
    {
        await base.OnActivateAsync(ct).ConfigureAwait(false);
        // Pins keep their own budget counters (kind Key, id "keyId/model"), so a per-model budget survives reactivation;
        // in a cluster the ledger's buckets are the counters.
        if (Context.Ledger is not null) return;
        foreach (var pin in _pins.Values)
            if (await Context.Store.GetCounterAsync(EntityKind.Key, pin.Id, ct).ConfigureAwait(false) is { } counter)
                pin.Restore(counter, Context.Now);
    }

    /// <inheritdoc />
    protected internal override bool CanDeactivate => base.CanDeactivate && _pins.Values.All(p => p.InFlight == 0);

    /// <inheritdoc />
    protected internal override bool HoldsLeasesIdleSince(long timestamp) =>
        base.HoldsLeasesIdleSince(timestamp) || _pins.Values.Any(p => p.HoldsLeasesIdleSince(timestamp));

    /// <inheritdoc />
    protected internal override async Task OnIdleAsync(CancellationToken ct)
    {
        await base.OnIdleAsync(ct).ConfigureAwait(false);
        foreach (var pin in _pins.Values) await pin.ReturnIdleLeasesAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected internal override async Task OnDeactivateAsync(CancellationToken ct)
    {
        await base.OnDeactivateAsync(ct).ConfigureAwait(false);
        foreach (var pin in _pins.Values) await pin.ReturnLeasesAsync(ct).ConfigureAwait(false);
    }

    internal void EnqueuePinCounter(EntityKind kind, string id, in Budgets.BudgetAccount budget) => Context.Spend.EnqueueCounter(kind, id, budget);

    /// <summary>The admission level of the key's pin on <paramref name="model"/>, if it has one.</summary>
    public IAdmissionLevel? PinFor(string model) => _pins.GetValueOrDefault(model);

    /// <summary>
    /// The key's resolved policy. Answers from memory; rebuilds (from the chain's grains, also in memory)
    /// only when the policy epoch moved since the last build. Null when the key does not exist.
    /// </summary>
    public ValueTask<KeyPolicy?> GetPolicyAsync()
    {
        var policy = _policy as KeyPolicy;
        return policy is not null && policy.Epoch == Context.PolicyEpoch
            ? new ValueTask<KeyPolicy?>(policy)
            : RebuildPolicyAsync();
    }

    private async ValueTask<KeyPolicy?> RebuildPolicyAsync()
    {
        // Read the epoch first: a change that lands during the build leaves the snapshot stale, never wrong.
        var epoch = Context.PolicyEpoch;
        KeyRecord? record;
        KeyHash hash;
        // Inside the turn, where records are applied: the record and the hash parsed from it are read as one pair.
        using (await EnterTurnAsync().ConfigureAwait(false))
            (record, hash) = (Record, _policy switch { KeyPolicy built => built.TokenHash, PendingHash pending => pending.Hash, _ => default });
        if (record is null) return null;
        var policy = await KeyPolicy.BuildAsync(record, hash, epoch, Context).ConfigureAwait(false);
        using (await EnterTurnAsync().ConfigureAwait(false))
            if (ReferenceEquals(Record, record)) _policy = policy;
        return policy;
    }

    /// <summary>Admission for a pinned model, inside the key's turn.</summary>
    internal async ValueTask<LevelAdmission> AdmitPinAsync(LevelQuota quota, CostEstimate estimate, int maxOutputTokens)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        var now = Context.Now;
        var granted = maxOutputTokens;
        var refusal = quota.TryAdmit(now, estimate, ref granted, out var hold, out var retryAfter);
        return refusal != RefusalReason.None
            ? new(refusal, default, 0, retryAfter, null, null, null)
            : new(RefusalReason.None, hold, granted, TimeSpan.Zero,
                  quota.Budget.IsUnlimited ? null : quota.Budget.Remaining(now), quota.Rate.RemainingRequests(now), quota.Rate.RemainingTokens(now));
    }

    /// <summary>Runs an action on a pin's quota inside the key's turn.</summary>
    internal async ValueTask<T> InTurnAsync<T>(Func<DateTimeOffset, T> action)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        return action(Context.Now);
    }

    /// <summary>Runs an asynchronous action on a pin's quota inside the key's turn (the cluster path leases from the ledger).</summary>
    internal async ValueTask<T> InTurnAsync<T>(Func<DateTimeOffset, ValueTask<T>> action)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        return await action(Context.Now).ConfigureAwait(false);
    }

    /// <summary>True when the key may not run <paramref name="model"/> under its model pins.</summary>
    public bool PinsExclude(string model) => Record is { ModelLimitsEnabled: true } r && !r.ModelLimits.ContainsKey(model);

    // The hash of a record not yet resolved into a policy.
    private sealed record PendingHash(KeyHash Hash);

    /// <summary>The IP allowlist, parsed once per record.</summary>
    internal static IpAllowList? ParseAllowList(KeyRecord record) =>
        record.AllowIps.Count > 0 && IpAllowList.TryParse(record.AllowIps, out var list, out _) ? list : null;
}

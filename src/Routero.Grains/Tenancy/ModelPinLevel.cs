using Routero.Admission;
using Routero.Money;

namespace Routero.Tenancy;

/// <summary>
/// A key's limits on one model (<c>model_limits</c>): a level of its own in the admission chain, whose
/// state lives in the key grain and is only touched inside the key's turns.
/// </summary>
internal sealed class ModelPinLevel(KeyGrain key, string model, TimeSpan rateWindow) : IAdmissionLevel
{
    private readonly LevelQuota _quota = new(rateWindow);

    public EntityKind Kind => EntityKind.Key;

    public string Id => $"{key.Id}/{model}";

    public void Configure(ModelLimit limit, Limits keyLimits, DateTimeOffset now)
    {
        _quota.Budget.Configure(limit.MaxBudget is { } b ? Usd.FromDollars(b) : null, keyLimits.Duration, keyLimits.BudgetAnchor, null, now);
        _quota.Rate.RequestLimit = limit.RpmLimit;
        _quota.Rate.TokenLimit = limit.TpmLimit;
    }

    public ValueTask<LevelAdmission> TryAdmitAsync(CostEstimate estimate, string model, int maxOutputTokens) =>
        key.AdmitPinAsync(_quota, estimate, maxOutputTokens);

    public ValueTask<LevelHold> ShrinkAsync(LevelHold hold, Usd to) => key.InTurnAsync(_ => _quota.Shrink(hold, to));

    public async ValueTask ReleaseAsync(LevelHold hold) => await key.InTurnAsync(now => { _quota.Release(now, hold); return 0; });

    public async ValueTask SettleAsync(LevelHold hold, Usd cost, long tokens) =>
        await key.InTurnAsync(now =>
        {
            _quota.Settle(now, hold, cost, tokens);
            key.EnqueuePinCounter(_quota.Budget.ToCounter(Kind, Id));
            return 0;
        });

    /// <summary>Restores the pin's persisted budget counters (at the key grain's activation).</summary>
    public void Restore(Storage.BudgetCounter counter, DateTimeOffset now) => _quota.Budget.Restore(counter, now);
}

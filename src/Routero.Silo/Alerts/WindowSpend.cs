using Routero.Admin;
using Routero.Hosting;
using Routero.Money;
using Routero.Quota;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>A level's budget window: when it started, when it ends (null: never), and whether it resets at all.</summary>
internal readonly record struct AlertWindow(DateTimeOffset Start, DateTimeOffset? End, bool Resets)
{
    /// <summary>The window of a key's lifetime credit.</summary>
    public static readonly AlertWindow Lifetime = new(default, null, false);

    /// <summary>
    /// The window containing <paramref name="at"/>; in an embedded silo, the window of the level's own counter, which its
    /// grain rolled (the grain is the one authority on its window there).
    /// </summary>
    public static AlertWindow Of(Limits limits, DateTimeOffset at, BudgetCounter? counter)
    {
        var duration = limits.Duration;
        var start = counter?.WindowStart ?? duration?.WindowStart(limits.BudgetAnchor, at) ?? limits.BudgetAnchor;
        return new(start, duration?.WindowEnd(limits.BudgetAnchor, start), duration is not null);
    }

    /// <summary>The window as the quota ledger keys its buckets (ticks of the start; 0 for a budget that never resets).</summary>
    public long LedgerTicks => Resets ? Start.UtcTicks : 0;
}

/// <summary>
/// The exact spend a level's thresholds are compared with: the level's whole spend, whichever silos served it.
/// Embedded, the level's grain is the only admitter and its counters (written with the batch) are exact. In a cluster,
/// every silo's usage is debited to the ledger's bucket of the window before its spend records are written, so the
/// bucket is the cluster-wide spend the budget is enforced on; a level with a soft budget and no max_budget has no
/// bucket, and its durable spend log is summed, as the admin info views do.
/// </summary>
internal sealed class WindowSpend(SiloRuntime runtime)
{
    /// <summary>Spend in <paramref name="window"/>.</summary>
    public async ValueTask<Usd> InWindowAsync(LevelView level, AlertWindow window, BudgetCounter? counter, CancellationToken ct)
    {
        if (runtime.Context.Ledger is { } ledger)
        {
            if (level.Limits.MaxBudgetUsd is not null)
                return new Usd(await ledger.SpentAsync(new QuotaBucket(level.LedgerLevel, QuotaDimension.Budget, window.LedgerTicks), ct).ConfigureAwait(false));
            var filter = SpendView.Filter(level.Kind, level.Id) ?? throw new InvalidOperationException($"No spend filter for {level.Kind.Name()} levels.");
            return new Usd(await runtime.Store.SumSpendAsync(filter with { From = window.Resets ? window.Start : null }, ct).ConfigureAwait(false));
        }
        var current = counter ?? await runtime.Store.GetCounterAsync(level.Kind, level.Id, ct).ConfigureAwait(false);
        return current is { } read && read.WindowStart == window.Start ? new Usd(read.WindowSpentNanos) : Usd.Zero;
    }

    /// <summary>A key's lifetime spend, for its credit limit.</summary>
    public async ValueTask<Usd> LifetimeAsync(LevelView level, BudgetCounter? counter, CancellationToken ct)
    {
        if (runtime.Context.Ledger is { } ledger)
            return new Usd(await ledger.SpentAsync(new QuotaBucket(level.LedgerLevel, QuotaDimension.Credit, 0), ct).ConfigureAwait(false));
        var current = counter ?? await runtime.Store.GetCounterAsync(level.Kind, level.Id, ct).ConfigureAwait(false);
        return current is { } read ? new Usd(read.LifetimeSpentNanos) : Usd.Zero;
    }
}

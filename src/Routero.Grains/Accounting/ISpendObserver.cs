using Routero.Storage;

namespace Routero.Accounting;

/// <summary>
/// Hears about every batch the <see cref="SpendWriter"/> made durable: the spend records and the budget counters it
/// wrote (absolute values; empty in a cluster, whose counters are the quota ledger's buckets). Called on the writer's
/// loop, so it must only hand the batch off (e.g. to a bounded channel) and return; the lists are not touched again
/// by the writer.
/// </summary>
public interface ISpendObserver
{
    /// <summary>A batch is durable.</summary>
    void OnSpendDurable(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters);
}

using Routero.Quota;
using Routero.Storage;

namespace Routero.Accounting;

/// <summary>
/// Where the spend writer puts one batch: its records, the levels' budget counters and, in a cluster, the usage
/// to debit from this silo's quota leases. Without one the writer debits through the ledger and then writes the
/// records (two transactions); a cluster silo's sink writes all three in one.
/// </summary>
public interface ISpendSink
{
    /// <summary>
    /// Makes the batch durable, all of it or (on an exception) none of it. Called on the spend writer's own thread,
    /// one batch at a time: blocking I/O is what it should do (its continuation needs no pool thread).
    /// </summary>
    void Write(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, IReadOnlyList<QuotaDebit> debits);
}

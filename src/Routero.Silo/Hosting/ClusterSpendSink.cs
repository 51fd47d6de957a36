using Routero.Accounting;
using Routero.Quota;
using Routero.Storage;
using Routero.Storage.Postgres;

namespace Routero.Hosting;

/// <summary>
/// A cluster silo's group commit: the batch's quota debits, spend records and counters in one PostgreSQL
/// transaction, one round trip. Written as two transactions (debits, then records) each batch paid two round
/// trips and two WAL flushes, and the benchmark put the cluster's group commit at over 3 ms at 500 req/s.
/// </summary>
internal sealed class ClusterSpendSink(PostgresStore store, PostgresQuotaLedger ledger) : ISpendSink
{
    public void Write(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, IReadOnlyList<QuotaDebit> debits) =>
        store.WriteSpend(records, counters, () => ledger.DebitCommands(debits));
}

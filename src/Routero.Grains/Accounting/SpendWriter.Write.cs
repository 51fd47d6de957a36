using Routero.Quota;
using Routero.Storage;
using Microsoft.Extensions.Logging;

namespace Routero.Accounting;

public sealed partial class SpendWriter
{
    // Runs on the writer's own thread: blocking here delays only the next batch, never a pool thread.
    private void WriteBatch(List<SpendRecord> records, BudgetCounter[] counters, Dictionary<QuotaBucket, long> debits, long journalMark)
    {
        if (_journal is not null)
        {
            var marked = (ISpendJournalStore)_store;
            var mark = new SpendJournalMark(_journal.Id, journalMark);
            WithRetry(() => marked.WriteSpendAsync(records, counters, mark, CancellationToken.None).GetAwaiter().GetResult(), records.Count);
            return;
        }
        var debitList = debits.Count == 0 ? [] : debits.Select(d => new QuotaDebit(d.Key, d.Value)).ToArray();
        if (_sink is not null)
        {
            // One transaction for the whole batch: no window in which debits are durable and records are not.
            WithRetry(() => _sink.Write(records, counters, debitList), records.Count);
            return;
        }
        // Debits land before the records: a crash in between over-counts spend, which can never overspend a budget.
        // (SQLite's writes complete synchronously; waiting on them costs no thread hop.)
        if (debitList.Length > 0 && _ledger is not null)
            WithRetry(() => _ledger.DebitAsync(debitList).GetAwaiter().GetResult(), records.Count);
        WithRetry(() => _store.WriteSpendAsync(records, counters, CancellationToken.None).GetAwaiter().GetResult(), records.Count);
    }

    private void WithRetry(Action write, int count)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                write();
                if (attempt > 1) LogRecovered(count, attempt);
                return;
            }
            catch (Exception e)
            {
                LogWriteFailed(e, count, attempt, delay);
                Thread.Sleep(delay);
                if (_abandoned) throw new OperationCanceledException("The spend writer was abandoned by a stop that gave up on the store.", e);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Writing a batch of {Count} spend records failed (attempt {Attempt}); retrying in {Delay}. Nothing is dropped.")]
    private partial void LogWriteFailed(Exception e, int count, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "A batch of {Count} spend records was written after {Attempt} attempts.")]
    private partial void LogRecovered(int count, int attempt);
}

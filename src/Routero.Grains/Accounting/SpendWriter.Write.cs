using Routero.Quota;
using Routero.Storage;
using Microsoft.Extensions.Logging;

namespace Routero.Accounting;

public sealed partial class SpendWriter
{
    private async Task WriteBatchAsync(List<SpendRecord> records, BudgetCounter[] counters, Dictionary<QuotaBucket, long> debits)
    {
        var debitList = debits.Count == 0 ? [] : debits.Select(d => new QuotaDebit(d.Key, d.Value)).ToArray();
        if (_sink is not null)
        {
            // One transaction for the whole batch: no window in which debits are durable and records are not.
            await WithRetryAsync(() => _sink.WriteAsync(records, counters, debitList), records.Count).ConfigureAwait(false);
            return;
        }
        // Debits land before the records: a crash in between over-counts spend, which can never overspend a budget.
        if (debitList.Length > 0 && _ledger is not null)
            await WithRetryAsync(() => _ledger.DebitAsync(debitList), records.Count).ConfigureAwait(false);
        await WithRetryAsync(() => _store.WriteSpendAsync(records, counters, CancellationToken.None), records.Count).ConfigureAwait(false);
    }

    private async Task WithRetryAsync(Func<Task> write, int count)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write().ConfigureAwait(false);
                if (attempt > 1) LogRecovered(count, attempt);
                return;
            }
            catch (Exception e)
            {
                LogWriteFailed(e, count, attempt, delay);
                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Writing a batch of {Count} spend records failed (attempt {Attempt}); retrying in {Delay}. Nothing is dropped.")]
    private partial void LogWriteFailed(Exception e, int count, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "A batch of {Count} spend records was written after {Attempt} attempts.")]
    private partial void LogRecovered(int count, int attempt);
}

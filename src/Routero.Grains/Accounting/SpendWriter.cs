using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Routero.Quota;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Accounting;

/// <summary>
/// Group commit of spend: records and budget counters queue here and are written in one transaction per
/// batch. While a batch is being written the next one fills, so under load one commit carries many requests
/// and an idle silo commits at once. <see cref="Enqueue"/> hands back what a request's answer must wait for: with a
/// <see cref="SpendJournal"/> (the embedded silo's default), nothing once the record and its counters are in the
/// journal, which outlives a killed process (the batch commits right after, off the answer's path); without one
/// (a cluster silo, or the journal full), the batch's commit. Either way a 2xx answer has a spend record that survives
/// the silo being killed. A failed write is retried (the batch is never dropped). A batch that stays unwritten past
/// <see cref="SpendWriterOptions.StallLimit"/> makes the writer <see cref="IsStalled"/> (the silo then refuses new requests
/// before they cost anything), and its waiters are answered after <see cref="SpendWriterOptions.WaitLimit"/> all the same:
/// their requests ran and are charged, so they get what they paid for.
/// </summary>
public sealed partial class SpendWriter : IAsyncDisposable
{
    private readonly IRouteroStore _store;
    private readonly ILogger _logger;
    private readonly SpendWriterOptions _options;
    private readonly Lock _lock = new();
    // No spinning before the writer blocks: the silo may have one core, and a spinning writer takes it from the
    // requests that would fill its next batch.
    private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<SpendRecord> _records = [];
    // A level's latest counter values, as a struct: a settlement queues five of them, and a batch of twelve requests
    // writes each level once, so the counter objects are made per batch (in Loop), not per settlement.
    private Dictionary<(EntityKind Kind, string Id), CounterValues> _counters = [];
    private Dictionary<QuotaBucket, long> _debits = [];
    // The dictionaries of the batch written last, cleared, to take the place of the next batch's: counters and debits
    // are copied out before the write, so their tables serve again (only the writer's thread touches these two).
    private Dictionary<(EntityKind Kind, string Id), CounterValues> _spareCounters = [];
    private Dictionary<QuotaBucket, long> _spareDebits = [];
    private TaskCompletionSource _batchDone = NewBatch();
    private Task<bool>? _batchLimited;
    private Task _lastWritten = Task.CompletedTask;

    private readonly IQuotaLedger? _ledger;
    private readonly ISpendSink? _sink;
    private readonly ISpendObserver? _observer;

    // The journal, and the batch numbers that decide whether an answer may go before its batch commits: a batch that
    // holds anything the journal could not take (it was full) must commit before any later answer goes out.
    private readonly SpendJournal? _journal;
    private long _filling = 1;
    private long _committed;
    private long _unjournaledThrough;
    private bool _journalFallingBack;

    // When the batch the writer holds began to be written (a Stopwatch timestamp), 0 while it waits for one; and whether
    // the stall it turned into has been logged.
    private long _writingSince;
    private int _stallLogged;
    private int _writingCount;
    private volatile bool _abandoned;

    private static readonly Task<bool> Durable = Task.FromResult(true);

    /// <summary>
    /// Starts the writer's loop. With a <paramref name="ledger"/> (cluster), quota debits go in the same batches;
    /// with a <paramref name="sink"/>, each batch is written through it (records, counters and debits at once); an
    /// <paramref name="observer"/> hears about each batch once it is durable. With a <paramref name="journal"/> (opened by
    /// <see cref="SpendJournalRecovery"/>; the store must be an <see cref="ISpendJournalStore"/>, and neither a ledger nor a
    /// sink may be given), requests are answered once journaled; the writer owns it from here.
    /// </summary>
    public SpendWriter(IRouteroStore store, SpendWriterOptions options, ILogger<SpendWriter> logger, IQuotaLedger? ledger = null,
        ISpendSink? sink = null, ISpendObserver? observer = null, SpendJournal? journal = null)
    {
        if (journal is not null && (store is not ISpendJournalStore || ledger is not null || sink is not null))
            throw new ArgumentException("A spend journal needs a store that keeps its mark, and no quota ledger or sink (it serves the embedded silo).", nameof(journal));
        (_store, _options, _logger, _ledger, _sink, _observer, _journal) = (store, options, logger, ledger, sink, observer, journal);
        // A thread of its own, writing synchronously: the answer of a commit resumes this thread, not a pool worker
        // that an asynchronous write's continuation would need woken (the benchmark's A/B: group-commit median at
        // 500 req/s 1.25 / 1.13 → 1.04 / 1.01 ms). Npgsql's socket is non-blocking underneath, so a cluster batch's
        // read still waits on the socket engine (strace: half its recvmsg calls return EAGAIN): one wake-up is left.
        new Thread(Run) { IsBackground = true, Name = "Routero spend writer" }.Start();
    }

    /// <summary>Batches written so far (for operators and benchmarks).</summary>
    public long BatchesWritten { get; private set; }

    /// <summary>Records written so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>How long the latest batches took to write, from dequeue to durable (for operators and benchmarks).</summary>
    public BatchTimes CommitTimes { get; } = new();

    /// <summary>
    /// Queues a spend record (with the counters queued before it). The task gives true when the record survives a kill of
    /// the silo: at once when it is journaled, else when its batch is durable. It gives false when the batch is still not
    /// durable after <see cref="SpendWriterOptions.WaitLimit"/> (counted from the batch's first waiter): the record stays
    /// queued and is written once the store takes it, and the request is answered meanwhile. It never fails.
    /// </summary>
    public Task<bool> Enqueue(SpendRecord record)
    {
        Task<bool>? done = null;
        lock (_lock)
        {
            _records.Add(record);
            if (_journal is null || !Journal(record))
            {
                // One wait limit per batch, not one timer per request: every request of a batch waits for the same commit.
                done = _batchLimited ??= WaitLimitedAsync(_batchDone.Task);
            }
        }
        Signal();
        return done ?? Durable;
    }

    private async Task<bool> WaitLimitedAsync(Task batch)
    {
        if (await WithinWaitLimitAsync(batch).ConfigureAwait(false)) return true;
        // An error now would tell the client its request failed while it stays charged (the provider answered, and the
        // record is written when the store recovers): the answer goes out, and new requests are refused instead.
        LogAnsweredBeforeDurable(_options.WaitLimit);
        return false;
    }

    // False when the task has not completed within the wait limit.
    private async Task<bool> WithinWaitLimitAsync(Task task)
    {
        try
        {
            await task.WaitAsync(_options.WaitLimit).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// True while the batch being written has been at it for longer than <see cref="SpendWriterOptions.StallLimit"/> (the
    /// store is down, or another process holds its write lock): spend is not being committed, so a request admitted now
    /// could be answered without its record being durable. The silo refuses new requests meanwhile and reports not ready.
    /// Logged once when it starts and once when the batch commits.
    /// </summary>
    public bool IsStalled
    {
        get
        {
            var since = Volatile.Read(ref _writingSince);
            if (since == 0 || Stopwatch.GetElapsedTime(since) < _options.StallLimit) return false;
            if (Interlocked.Exchange(ref _stallLogged, 1) == 0) LogStalled(Stopwatch.GetElapsedTime(since));
            return true;
        }
    }

    // Under the lock. True when the record and everything queued before it survive a kill without waiting for a commit.
    private bool Journal(SpendRecord record)
    {
        if (!_journal!.TryAppend(record))
        {
            _unjournaledThrough = _filling;
            if (!_journalFallingBack)
            {
                _journalFallingBack = true;
                LogJournalFull(_journal.Pending, _journal.Capacity);
            }
            return false;
        }
        if (_committed < _unjournaledThrough) return false;
        // Write-behind, but bounded: past this many records waiting for the writer, answers wait for its commit again,
        // so an overloaded writer (it shares the core with the requests) slows the requests instead of falling seconds
        // behind, and a power loss can take at most about two batches of this size.
        if (_records.Count > _options.JournalBacklogLimit) return false;
        if (_journalFallingBack)
        {
            _journalFallingBack = false;
            LogJournalCaughtUp();
        }
        return true;
    }

    /// <summary>Journal bytes written and not yet committed (0 without a journal; for operators and benchmarks).</summary>
    public long JournalPendingBytes
    {
        get { lock (_lock) return _journal?.Pending ?? 0; }
    }

    /// <summary>
    /// Queues a level's latest budget counters (absolute values; the last queued wins). Does not wake the writer: a
    /// request settles its levels and then queues its record, and the counters ride in that record's batch. Waking the
    /// writer here let it commit the first counters alone while the request queued the rest, so the record waited for two
    /// commits (at one request in flight, one batch in ten). Counters queued with no record follow are written by
    /// <see cref="FlushAsync"/>, at disposal, or within <see cref="SpendWriterOptions.QuietDelay"/>.
    /// </summary>
    public void EnqueueCounter(BudgetCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter.Id);
        EnqueueCounter(counter.Kind, counter.Id, new CounterValues(counter.WindowStart, counter.WindowSpentNanos, counter.LifetimeSpentNanos));
    }

    /// <summary><see cref="EnqueueCounter(BudgetCounter)"/> for the level <paramref name="kind"/>/<paramref name="id"/> with <paramref name="budget"/>'s counters, allocating nothing.</summary>
    public void EnqueueCounter(EntityKind kind, string id, in Budgets.BudgetAccount budget) =>
        EnqueueCounter(kind, id, new CounterValues(budget.WindowStart, budget.WindowSpent.Nanos, budget.LifetimeSpent.Nanos));

    private void EnqueueCounter(EntityKind kind, string id, CounterValues values)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            _counters[(kind, id)] = values;
            _journal?.StageCounter(kind, id, values.WindowStart, values.WindowSpentNanos, values.LifetimeSpentNanos);
        }
    }

    /// <summary>
    /// Queues usage to debit from this silo's lease on a bucket (summed per bucket within a batch). Like
    /// <see cref="EnqueueCounter(BudgetCounter)"/>, it rides in the batch of the record queued after it.
    /// </summary>
    public void EnqueueDebit(QuotaDebit debit)
    {
        lock (_lock) _debits[debit.Bucket] = _debits.GetValueOrDefault(debit.Bucket) + debit.Amount;
    }

    /// <summary>Completes when everything queued before the call is durable.</summary>
    public Task FlushAsync()
    {
        lock (_lock)
        {
            if (_records.Count == 0 && _counters.Count == 0 && _debits.Count == 0) return _lastWritten;
            Signal();
            return _batchDone.Task;
        }
    }

    /// <summary>
    /// <see cref="FlushAsync"/>, waiting at most <see cref="SpendWriterOptions.WaitLimit"/>: false when what was queued
    /// before the call is still not durable by then (the store is stalled), so a read can say so instead of hanging.
    /// </summary>
    public Task<bool> FlushWithinLimitAsync()
    {
        var flushed = FlushAsync();
        return flushed.IsCompletedSuccessfully ? Durable : WithinWaitLimitAsync(flushed);
    }

    private void Signal()
    {
        if (!_signal.IsSet) _signal.Set();
    }

    private void Run()
    {
        // What the start recovered from the journal is durable like any batch: the observer (the alert evaluator) hears
        // of it first, so a threshold that recovered spend crossed does not wait for the level's next request.
        if (_journal?.TakeRecovered() is { } recovered && _observer is not null)
        {
            try { _observer.OnSpendDurable(recovered.Records, recovered.Counters); }
            catch (Exception e) { LogObserverFailed(e); }
        }
        try { Loop(); }
        catch (OperationCanceledException) when (_abandoned) { /* a stop gave up on the store: what is unwritten stays in the journal, if any */ }
        finally
        {
            _journal?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void Loop()
    {
        while (true)
        {
            // Bounded: counters and debits do not signal, so a wait that times out writes what they left queued.
            try { _signal.Wait(_options.QuietDelay, _stop.Token); }
            catch (OperationCanceledException) { /* stopping: write what is left, then end */ }
            // Reset before the queue is taken: an enqueue after this point sets it again, so nothing is missed.
            _signal.Reset();
            List<SpendRecord> records;
            Dictionary<(EntityKind Kind, string Id), CounterValues> counters;
            Dictionary<QuotaBucket, long> debits;
            TaskCompletionSource done;
            long batch, mark, release;
            lock (_lock)
            {
                (records, counters, debits, done) = (_records, _counters, _debits, _batchDone);
                if (records.Count == 0 && counters.Count == 0 && debits.Count == 0)
                {
                    if (_stop.IsCancellationRequested) return;
                    continue;
                }
                (_records, _counters, _debits, _batchDone, _batchLimited) = ([], _spareCounters, _spareDebits, NewBatch(), null);
                _lastWritten = done.Task;
                // Everything journaled so far is in this batch: its commit sets the store's mark to the journal's last entry.
                (batch, mark, release) = (_filling++, _journal?.Sequence ?? 0, _journal?.Position ?? 0);
                _writingCount = records.Count;
            }
            var started = Stopwatch.GetTimestamp();
            Volatile.Write(ref _writingSince, started);
            var written = new BudgetCounter[counters.Count];
            var n = 0;
            foreach (var ((kind, id), v) in counters) written[n++] = new BudgetCounter(kind, id, v.WindowStart, v.WindowSpentNanos, v.LifetimeSpentNanos);
            WriteBatch(records, written, debits, mark);
            Volatile.Write(ref _writingSince, 0);
            if (Interlocked.Exchange(ref _stallLogged, 0) == 1) LogUnstalled(Stopwatch.GetElapsedTime(started));
            counters.Clear();
            debits.Clear();
            // A backlog's batch grows these tables far past the usual batch; what is kept for the next one is bounded.
            if (counters.EnsureCapacity(0) > RetainedEntries) counters.TrimExcess(RetainedEntries);
            if (debits.EnsureCapacity(0) > RetainedEntries) debits.TrimExcess(RetainedEntries);
            (_spareCounters, _spareDebits) = (counters, debits);
            lock (_lock)
            {
                _committed = batch;
                _writingCount = 0;
                _journal?.Release(release);
            }
            CommitTimes.Add(Stopwatch.GetElapsedTime(started));
            BatchesWritten++;
            RecordsWritten += records.Count;
            done.SetResult();
            // After the waiters are released: nothing an observer does can delay a response.
            if (_observer is not null)
            {
                try { _observer.OnSpendDurable(records, written); }
                catch (Exception e) { LogObserverFailed(e); }
            }
        }
    }

    /// <summary>Records queued or being written, not yet durable in the store (for operators and the stop's log).</summary>
    public int UnwrittenRecords
    {
        get { lock (_lock) return _records.Count + _writingCount; }
    }

    /// <summary>
    /// Writes what is queued and stops, waiting at most <paramref name="limit"/>: false when the store still has not taken
    /// the last batch by then (it is down). The writer is then abandoned, still retrying, to end with the process;
    /// <see cref="UnwrittenRecords"/> says what it held.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Signal();
        try
        {
            await _stopped.Task.WaitAsync(limit).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _abandoned = true;
            return false;
        }
    }

    /// <summary>
    /// Writes what is queued and stops, waiting at most <see cref="SpendWriterOptions.StopLimit"/>: a store that is down
    /// must not keep the process from ever ending. Giving up is logged with what was left (at once if a
    /// <see cref="StopAsync"/> already gave up).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_abandoned) return;
        if (await StopAsync(_options.StopLimit).ConfigureAwait(false)) return;
        if (_journal is not null) LogStoppedWithJournaledSpend(UnwrittenRecords, _options.StopLimit);
        else LogStoppedLosingSpend(UnwrittenRecords, _options.StopLimit);
    }

    private const int RetainedEntries = 1024;

    private readonly record struct CounterValues(DateTimeOffset WindowStart, long WindowSpentNanos, long LifetimeSpentNanos);

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "The spend observer failed on a durable batch; the batch itself is written.")]
    private partial void LogObserverFailed(Exception e);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "The spend journal is full ({Pending} of {Capacity} bytes not yet committed): answers wait for the database's commits until it catches up.")]
    private partial void LogJournalFull(long pending, long capacity);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "The spend journal has room again: answers no longer wait for the database's commits.")]
    private partial void LogJournalCaughtUp();

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "A batch of spend was not durable within {WaitLimit}: its requests are answered now, and the batch is written when the store takes it (it is retried until then).")]
    private partial void LogAnsweredBeforeDurable(TimeSpan waitLimit);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error,
        Message = "Spend has not been committed for {Elapsed}: new requests are refused (503 spend_unavailable) and the silo reports not ready until the store takes the batch.")]
    private partial void LogStalled(TimeSpan elapsed);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Spend is committed again after {Elapsed}: requests are admitted.")]
    private partial void LogUnstalled(TimeSpan elapsed);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error,
        Message = "Stopping without writing {Records} spend records: the database did not take them within {Limit}. They are in the spend journal, and the next start writes them (any the journal had no room for are lost).")]
    private partial void LogStoppedWithJournaledSpend(int records, TimeSpan limit);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Critical,
        Message = "Stopping without writing {Records} spend records: the database did not take them within {Limit}, and they are lost (their requests were answered).")]
    private partial void LogStoppedLosingSpend(int records, TimeSpan limit);
}

/// <summary>Options of the spend writer.</summary>
public sealed record SpendWriterOptions
{
    /// <summary>
    /// How long a request waits at most for its batch, counted from the batch's first waiter; past it the request is
    /// answered all the same (it ran and is charged; the batch is retried until the store takes it).
    /// </summary>
    public TimeSpan WaitLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a batch may take to be written before the writer counts as stalled (<see cref="SpendWriter.IsStalled"/>):
    /// shorter than <see cref="WaitLimit"/>, so new requests are refused before the waiting ones give up.
    /// </summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="SpendWriter.DisposeAsync"/> (a stopping silo) waits for the store to take what is queued before it gives up on it.</summary>
    public TimeSpan StopLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long counters and debits queued without a record (a settlement whose record never came) wait at most before
    /// the writer commits them on its own.
    /// </summary>
    public TimeSpan QuietDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// With a journal: how many records the batch being filled may hold before further requests wait for its commit (as
    /// without a journal). Bounds the writer's lag under overload, and so what a power loss can take, and keeps a batch's
    /// tables (its counters, the store's daily rows: five per record) small enough to stay out of the large object heap:
    /// batches of hundreds of records grew and dropped those tables there on every commit (the scale case's RSS per key
    /// rose by more than a kilobyte).
    /// </summary>
    public int JournalBacklogLimit { get; init; } = 64;
}

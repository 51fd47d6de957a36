using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Grains.Tests.TestSupport;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Accounting;

public sealed class SpendWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = GrainWorld.T0;

    private readonly TempDatabase _database = new();
    private SqliteStore _sqlite = null!;
    private InstrumentedStore _store = null!;
    private SpendWriter _sut = null!;

    public async Task InitializeAsync()
    {
        _sqlite = _database.Open();
        _store = new InstrumentedStore(_sqlite);
        await _store.MigrateAsync();
        _sut = Writer();
    }

    public async Task DisposeAsync()
    {
        await _sut.DisposeAsync();
        await _sqlite.DisposeAsync();
        _database.Dispose();
    }

    private SpendWriter Writer(SpendWriterOptions? options = null) =>
        new(_store, options ?? new SpendWriterOptions(), NullLogger<SpendWriter>.Instance);

    private static SpendRecord Record(string requestId) => SpendRecords.Sample(requestId);

    private async Task<IReadOnlyList<SpendRecord>> StoredAsync() =>
        (await _store.ListSpendAsync(new SpendQuery { Limit = 1_000 })).Items;

    [Fact]
    public async Task Enqueue_ItsTask_CompletesOnlyOnceTheRecordIsReadable()
    {
        var write = _store.HoldNextWrite();
        var record = Record("req-1");

        var done = _sut.Enqueue(record);
        await write.Arrived;
        var completedWhileHeld = done.IsCompleted;
        write.Open();
        await done;

        Assert.False(completedWhileHeld);
        var page = await _store.ListSpendAsync(new SpendQuery { RequestId = "req-1" });
        Assert.Equal(record, Assert.Single(page.Items));
    }

    [Fact]
    public async Task Enqueue_ManyWhileABatchIsBeingWritten_GoIntoOneNextBatch()
    {
        var write = _store.HoldNextWrite();
        var first = _sut.Enqueue(Record("req-0"));
        await write.Arrived;
        var rest = Enumerable.Range(1, 99).AsParallel().Select(i => _sut.Enqueue(Record($"req-{i}"))).ToArray();

        write.Open();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal(2, _sut.BatchesWritten);
        Assert.Equal(100, _sut.RecordsWritten);
        Assert.True(_sut.BatchesWritten < _sut.RecordsWritten);
        Assert.Equal([(1, 0), (99, 0)], _store.Writes);
        Assert.Equal(100, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task EnqueueCounter_SeveralForOneLevelInOneBatch_WritesOnlyTheLast()
    {
        var write = _store.HoldNextWrite();
        var first = _sut.Enqueue(Record("req-0"));
        await write.Arrived;

        _sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1));
        _sut.EnqueueCounter(new BudgetCounter(EntityKind.Team, "team-1", T0, 5, 5));
        _sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, "key-1", T0, 2, 2));
        _sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 7));
        var flushed = _sut.FlushAsync();
        write.Open();
        await Task.WhenAll(first, flushed);

        Assert.Equal([(1, 0), (0, 2)], _store.Writes);
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 7), await _store.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(new BudgetCounter(EntityKind.Team, "team-1", T0, 5, 5), await _store.GetCounterAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task EnqueueCounter_BeforeItsRequestsRecord_RidesInTheRecordsBatch()
    {
        // As a request settles: each level's counter, then the record. Counters must not wake the writer on their own,
        // or the record waits for a counters-only commit first. (The quiet delay, long here, would pick them up alone.)
        await using var sut = Writer(new SpendWriterOptions { QuietDelay = TimeSpan.FromMinutes(5) });
        for (var i = 1; i <= 20; i++)
        {
            foreach (var level in new[] { "key-1", "team-1", "org-1", "user-1", "customer-1" })
            {
                sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, level, T0, i, i));
                await Task.Delay(1); // time for a woken writer to take what is queued
            }
            await sut.Enqueue(Record($"req-{i}"));
        }

        Assert.Equal(20, _store.Writes.Count);
        Assert.All(_store.Writes, w => Assert.Equal((1, 5), w));
    }

    [Fact]
    public async Task EnqueueCounter_InSuccessiveBatches_WritesEachBatchsOwnCounters()
    {
        // The writer reuses the last batch's table for the next one: nothing of one batch may ride again in a later one.
        for (var i = 1; i <= 4; i++)
        {
            _sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, $"key-{i}", T0, i, i));
            await _sut.Enqueue(Record($"req-{i}"));
        }

        Assert.Equal([(1, 1), (1, 1), (1, 1), (1, 1)], _store.Writes);
        for (var i = 1; i <= 4; i++)
            Assert.Equal(new BudgetCounter(EntityKind.Key, $"key-{i}", T0, i, i), await _store.GetCounterAsync(EntityKind.Key, $"key-{i}"));
    }

    [Fact]
    public async Task EnqueueCounter_WithNoRecordAfterIt_IsWrittenWithinTheQuietDelay()
    {
        await using var sut = Writer(new SpendWriterOptions { QuietDelay = TimeSpan.FromMilliseconds(50) });

        sut.EnqueueCounter(new BudgetCounter(EntityKind.Team, "team-1", T0, 4, 4));

        var deadline = DateTime.UtcNow + Gate.Patience;
        while (await _store.GetCounterAsync(EntityKind.Team, "team-1") is null && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(new BudgetCounter(EntityKind.Team, "team-1", T0, 4, 4), await _store.GetCounterAsync(EntityKind.Team, "team-1"));
        Assert.Equal(1, sut.BatchesWritten);
    }

    [Fact]
    public async Task Enqueue_WhenTheFirstTwoWritesFail_RetriesUntilEveryRecordLandsAndWaitsForIt()
    {
        _store.FailWrites(2);
        var write = _store.HoldNextWrite();
        var first = _sut.Enqueue(Record("req-0"));
        await write.Arrived;
        var callsBeforeSuccess = _store.WriteCalls;
        var rest = Enumerable.Range(1, 9).Select(i => _sut.Enqueue(Record($"req-{i}"))).ToArray();
        var completedBeforeSuccess = first.IsCompleted || rest.Any(t => t.IsCompleted);

        write.Open();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal(3, callsBeforeSuccess);
        Assert.False(completedBeforeSuccess);
        Assert.Equal(["req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6", "req-7", "req-8", "req-9"],
            (await StoredAsync()).Select(r => r.RequestId).Order());
        Assert.Equal(10, _sut.RecordsWritten);
        // Two failed attempts at the first batch, its success, then the second batch.
        Assert.Equal(4, _store.WriteCalls);
        Assert.Equal([(1, 0), (9, 0)], _store.Writes);
    }

    [Fact]
    public async Task Enqueue_WhenStorageStaysDownPastTheWaitLimit_AnswersTheWaiterAndKeepsRetryingTheBatch()
    {
        await using var sut = Writer(new SpendWriterOptions { WaitLimit = TimeSpan.FromMilliseconds(100) });
        _store.FailWrites(int.MaxValue);

        var durable = await sut.Enqueue(Record("req-1")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(durable);
        _store.FailWrites(0);
        await sut.FlushAsync();

        Assert.Equal("req-1", Assert.Single(await StoredAsync()).RequestId);
        Assert.Equal(1, sut.BatchesWritten);
        Assert.True(await sut.Enqueue(Record("req-2")));
    }

    [Fact]
    public async Task IsStalled_WhileABatchStaysUnwrittenPastTheStallLimit_AndNoLongerOnceItCommits()
    {
        await using var sut = Writer(new SpendWriterOptions { StallLimit = TimeSpan.FromMilliseconds(200) });
        Assert.False(sut.IsStalled);
        var write = _store.HoldNextWrite();
        var done = sut.Enqueue(Record("req-1"));
        await write.Arrived;

        Assert.False(sut.IsStalled); // writing, but not for long yet
        var stalled = false;
        for (var i = 0; i < 200 && !stalled; i++)
        {
            await Task.Delay(10);
            stalled = sut.IsStalled;
        }
        Assert.True(stalled);
        Assert.False(done.IsCompleted);

        write.Open();
        Assert.True(await done);
        Assert.False(sut.IsStalled);
    }

    [Fact]
    public async Task IsStalled_WhenWritesFailAndAreRetried_CountsFromTheBatchsFirstAttempt()
    {
        await using var sut = Writer(new SpendWriterOptions { StallLimit = TimeSpan.FromMilliseconds(300) });
        _store.FailWrites(int.MaxValue);
        var done = sut.Enqueue(Record("req-1"));
        var stalled = false;
        for (var i = 0; i < 300 && !stalled; i++)
        {
            await Task.Delay(10);
            stalled = sut.IsStalled;
        }
        Assert.True(stalled);

        _store.FailWrites(0);
        Assert.True(await done);
        Assert.False(sut.IsStalled);
        Assert.Equal("req-1", Assert.Single(await StoredAsync()).RequestId);
    }

    [Fact]
    public async Task StopAsync_WhenStorageStaysDown_GivesUpAtTheLimit_AndTheWriterStopsRetrying()
    {
        var sut = Writer();
        _store.FailWrites(int.MaxValue);
        var answered = sut.Enqueue(Record("req-1"));
        Assert.Equal(1, sut.UnwrittenRecords);

        Assert.False(await sut.StopAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, sut.UnwrittenRecords);
        await sut.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)); // at once: the stop gave up already
        // Abandoned, the writer ends after its current retry instead of retrying for as long as the process lives.
        var calls = _store.WriteCalls;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.InRange(_store.WriteCalls - calls, 0, 1);
        Assert.False(answered.IsCompleted && await answered);
        _store.FailWrites(0);
    }

    [Fact]
    public async Task StopAsync_WritesWhatIsQueuedFirst()
    {
        var sut = Writer();
        _ = sut.Enqueue(Record("req-1"));

        Assert.True(await sut.StopAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, sut.UnwrittenRecords);
        Assert.Equal("req-1", Assert.Single(await StoredAsync()).RequestId);
        await sut.DisposeAsync();
    }

    [Fact]
    public async Task FlushAsync_WhenNothingIsQueued_CompletesAtOnce()
    {
        Assert.True(_sut.FlushAsync().IsCompletedSuccessfully);

        await _sut.Enqueue(Record("req-1"));

        Assert.True(_sut.FlushAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task FlushAsync_WithRecordsQueued_CompletesWhenTheyAreDurable()
    {
        var write = _store.HoldNextWrite();
        var enqueued = _sut.Enqueue(Record("req-1"));
        await write.Arrived;

        var flushed = _sut.FlushAsync();
        var completedWhileHeld = flushed.IsCompleted;
        write.Open();
        await flushed;

        Assert.False(completedWhileHeld);
        Assert.Single(await StoredAsync());
        await enqueued;
    }

    [Fact]
    public async Task DisposeAsync_WithRecordsQueued_WritesThemBeforeItEnds()
    {
        var write = _store.HoldNextWrite();
        var inFlight = _sut.Enqueue(Record("req-1"));
        await write.Arrived;
        var queued = _sut.Enqueue(Record("req-2"));
        _sut.EnqueueCounter(new BudgetCounter(EntityKind.Key, "key-1", T0, 9, 9));

        var disposed = _sut.DisposeAsync().AsTask();
        write.Open();
        await disposed;

        Assert.Equal(["req-1", "req-2"], (await StoredAsync()).Select(r => r.RequestId).Order());
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 9, 9), await _store.GetCounterAsync(EntityKind.Key, "key-1"));
        await Task.WhenAll(inFlight, queued).WaitAsync(Gate.Patience);
    }
}

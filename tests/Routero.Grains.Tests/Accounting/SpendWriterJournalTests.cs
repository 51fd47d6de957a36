using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Grains.Tests.TestSupport;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Accounting;

/// <summary>The spend writer with the embedded silo's journal: answers go out once journaled, and a kill loses nothing.</summary>
public sealed class SpendWriterJournalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = GrainWorld.T0;

    private readonly TempDatabase _database = new();
    private readonly string _journalPath = Path.Combine(Path.GetTempPath(), $"routero-writer-journal-{Guid.NewGuid():N}.journal");
    private SqliteStore _sqlite = null!;
    private InstrumentedStore _store = null!;

    public async Task InitializeAsync()
    {
        _sqlite = _database.Open();
        _store = new InstrumentedStore(_sqlite);
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        _database.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_journalPath)!, Path.GetFileName(_journalPath) + "*")) File.Delete(file);
    }

    private async Task<SpendWriter> WriterAsync(long capacity = 1024 * 1024, SpendWriterOptions? options = null)
    {
        var journal = await SpendJournalRecovery.OpenAsync(_store, _journalPath, capacity, NullLogger.Instance);
        return new SpendWriter(_store, options ?? new SpendWriterOptions(), NullLogger<SpendWriter>.Instance, journal: journal);
    }

    private static SpendRecord Record(string requestId, long nanos = 3_000) => SpendRecords.Sample(requestId, nanos);

    private static BudgetCounter KeyCounter(long spent) => new(EntityKind.Key, "key-1", T0, spent, spent);

    [Fact]
    public async Task Enqueue_Journaled_CompletesBeforeTheBatchCommits_AndTheBatchStillCommits()
    {
        await using var sut = await WriterAsync();
        var write = _store.HoldNextWrite();

        sut.EnqueueCounter(KeyCounter(3_000));
        var done = sut.Enqueue(Record("req-1"));
        await write.Arrived;
        var completedWhileHeld = done.IsCompleted;
        write.Open();
        await sut.FlushAsync();

        Assert.True(completedWhileHeld);
        Assert.Equal(Record("req-1"), Assert.Single((await _store.ListSpendAsync(new SpendQuery())).Items));
        Assert.Equal(KeyCounter(3_000), await _store.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(0, sut.JournalPendingBytes);
    }

    [Fact]
    public async Task AWriterKilledBeforeItsCommits_LosesNothing_TheNextStartWritesTheJournal()
    {
        var sut = await WriterAsync();
        // The first batch commits; then the database stops answering, as if the process froze before its next commit.
        sut.EnqueueCounter(KeyCounter(3_000));
        await sut.Enqueue(Record("req-0"));
        await sut.FlushAsync();
        var write = _store.HoldNextWrite();
        var answered = new List<Task>();
        for (var i = 1; i <= 50; i++)
        {
            sut.EnqueueCounter(KeyCounter(3_000L * (i + 1)));
            answered.Add(sut.Enqueue(Record($"req-{i}")));
        }
        await write.Arrived;
        Assert.All(answered, t => Assert.True(t.IsCompletedSuccessfully, "a journaled request waited for the commit"));

        // "Kill": what the process left is the journal file as the kernel has it and the database as last committed.
        var left = _journalPath + ".left";
        File.Copy(_journalPath, left);
        var committed = (await _store.ListSpendAsync(new SpendQuery())).Items.Count;
        var recovered = await SpendJournalRecovery.OpenAsync(_store, left, 1024 * 1024, NullLogger.Instance);
        recovered.Dispose();

        Assert.Equal(1, committed);
        var stored = (await _store.ListSpendAsync(new SpendQuery { Limit = 1_000 })).Items;
        Assert.Equal(51, stored.Count);
        Assert.Equal(Enumerable.Range(0, 51).Select(i => $"req-{i}").Order(), stored.Select(r => r.RequestId).Order());
        Assert.Equal(KeyCounter(3_000L * 51), await _store.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(51L * 3_000, await _store.SumSpendAsync(new SpendQuery { KeyId = "key-1" }));

        // The frozen writer's batch then commits after all: nothing is counted twice.
        write.Open();
        await sut.DisposeAsync();
        Assert.Equal(51L * 3_000, await _store.SumSpendAsync(new SpendQuery { KeyId = "key-1" }));
        var daily = await _store.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", DateOnly.FromDateTime(T0.UtcDateTime), DateOnly.FromDateTime(T0.UtcDateTime)));
        Assert.Equal(51L * 3_000, daily.Sum(d => d.SpendNanos));
    }

    [Fact]
    public async Task RecoveredSpend_IsHandedToTheObserver_WhenTheNextWriterStarts()
    {
        var sut = await WriterAsync();
        await sut.Enqueue(Record("req-0"));
        await sut.FlushAsync();
        var write = _store.HoldNextWrite();
        for (var i = 1; i <= 5; i++)
        {
            sut.EnqueueCounter(KeyCounter(3_000L * (i + 1)));
            Assert.True(await sut.Enqueue(Record($"req-{i}")));
        }
        await write.Arrived;
        var left = _journalPath + ".left";
        File.Copy(_journalPath, left);

        // The next start's writer tells its observer (the alert evaluator) about what recovery wrote, as about any batch:
        // a threshold the recovered spend crossed is not left for a later request to find.
        var observer = new Observer();
        var journal = await SpendJournalRecovery.OpenAsync(_store, left, 1024 * 1024, NullLogger.Instance);
        await using (new SpendWriter(_store, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance, observer: observer, journal: journal)) { }
        write.Open();
        await sut.DisposeAsync();

        var (records, counters) = Assert.Single(observer.Batches);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"req-{i}"), records.Select(r => r.RequestId));
        Assert.Equal(KeyCounter(3_000L * 6), Assert.Single(counters));
    }

    private sealed class Observer : ISpendObserver
    {
        public List<(IReadOnlyList<SpendRecord> Records, IReadOnlyList<BudgetCounter> Counters)> Batches { get; } = [];

        public void OnSpendDurable(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters)
        {
            lock (Batches) Batches.Add((records, counters));
        }
    }

    [Fact]
    public async Task ARestartAfterACleanStop_FindsNothingToRecover_AndContinuesTheSequence()
    {
        await using (var first = await WriterAsync())
        {
            await first.Enqueue(Record("req-1"));
        }
        var mark = await _store.GetSpendJournalMarkAsync();
        await using var second = await WriterAsync();
        await second.Enqueue(Record("req-2"));
        await second.FlushAsync();

        Assert.Equal(1, mark!.Value.Sequence);
        Assert.Equal(new SpendJournalMark(mark.Value.JournalId, 2), await _store.GetSpendJournalMarkAsync());
        Assert.Equal(2, (await _store.ListSpendAsync(new SpendQuery())).Items.Count);
    }

    [Fact]
    public async Task AJournalFromAnotherDatabase_IsSetAside_NotReplayed()
    {
        using (var foreign = SpendJournal.Create(_journalPath, "another-database", 64 * 1024, 0))
        {
            Assert.True(foreign.TryAppend(Record("req-foreign")));
        }

        await using var sut = await WriterAsync();
        await sut.FlushAsync();

        Assert.Empty((await _store.ListSpendAsync(new SpendQuery())).Items);
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_journalPath)!, Path.GetFileName(_journalPath) + ".*.foreign"));
        Assert.Equal("another-database", SpendJournal.Read(aside)!.Id);
    }

    [Fact]
    public async Task AFullJournal_MakesAnswersWaitForTheCommit_UntilItHasRoomAgain()
    {
        await using var sut = await WriterAsync(capacity: 64 * 1024, new SpendWriterOptions { JournalBacklogLimit = 10_000 });
        var write = _store.HoldNextWrite();
        var first = sut.Enqueue(Record("req-0"));
        await write.Arrived;
        var tasks = Enumerable.Range(1, 600).Select(i => sut.Enqueue(Record($"req-{i}"))).ToList();
        var waiting = tasks.Count(t => !t.IsCompleted);
        write.Open();
        await Task.WhenAll([first, .. tasks]);
        await sut.FlushAsync();
        var afterwards = sut.Enqueue(Record("req-after"));

        Assert.InRange(waiting, 1, 599); // the first ones journaled, the rest waited for the database
        Assert.True(afterwards.IsCompletedSuccessfully);
        await sut.FlushAsync();
        Assert.Equal(602, (await _store.ListSpendAsync(new SpendQuery { Limit = 1_000 })).Items.Count);
    }

    [Fact]
    public async Task ABacklogPastTheLimit_MakesAnswersWaitForTheCommit_ThoughJournaled()
    {
        await using var sut = await WriterAsync(options: new SpendWriterOptions { JournalBacklogLimit = 20 });
        var write = _store.HoldNextWrite();
        var first = sut.Enqueue(Record("req-0"));
        await write.Arrived;
        var tasks = Enumerable.Range(1, 30).Select(i => sut.Enqueue(Record($"req-{i}"))).ToList();
        var answered = tasks.Count(t => t.IsCompleted);
        write.Open();
        await Task.WhenAll([first, .. tasks]);
        await sut.FlushAsync();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(20, answered); // the batch being filled took 20 journaled answers; the next ten waited
        Assert.Equal(31, (await _store.ListSpendAsync(new SpendQuery { Limit = 100 })).Items.Count);
        Assert.Equal(0, sut.JournalPendingBytes);
    }
}

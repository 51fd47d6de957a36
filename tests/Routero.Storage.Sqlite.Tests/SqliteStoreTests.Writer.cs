using Routero.Tenancy;

namespace Routero.Storage.Sqlite.Tests;

/// <summary>The long-lived write connection.</summary>
public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task WriteSpendAsync_ManyBatchesAndCommits_ShareOneWriteConnection()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();

        for (var i = 0; i < 20; i++)
        {
            await sut.WriteSpendAsync([Spend($"req-{i}")], [new BudgetCounter(EntityKind.Key, "key-1", T0, i, i)]);
        }
        await sut.CommitAsync(Inserting(Key("key-1")));

        Assert.Equal(1, sut.WriterOpens);
        Assert.Equal(20, (await sut.ListSpendAsync(new SpendQuery())).Total);
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 19, 19), await sut.GetCounterAsync(EntityKind.Key, "key-1"));
    }

    [Fact]
    public async Task WriteSpendAsync_WhileAnotherConnectionHoldsTheWriteLock_FailsAfterTheBusyTimeout_NotTheDriversThirtySeconds()
    {
        await using var sut = new SqliteStore(new SqliteStoreOptions(_database.Path, BusyTimeoutMs: 1000));
        await sut.MigrateAsync();
        using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.Path};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var failed = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => sut.WriteSpendAsync([Spend("req-1")], []));

        Assert.Equal(5, failed.SqliteErrorCode); // SQLITE_BUSY
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"the write waited {waited.Elapsed} for a 1-second busy timeout");
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        await sut.WriteSpendAsync([Spend("req-2")], []);
        Assert.Equal(["req-2"], (await sut.ListSpendAsync(new SpendQuery())).Items.Select(r => r.RequestId));
    }

    [Fact]
    public async Task WriteSpendAsync_AfterAFailedBatch_ReconnectsAndWritesTheNextOne()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();
        await sut.WriteSpendAsync([Spend("req-1")], []);

        // A record without its required model fails the batch inside its transaction, which rolls back whole.
        await Assert.ThrowsAnyAsync<Exception>(() => sut.WriteSpendAsync([Spend("req-2"), Spend("req-3") with { Model = null! }], []));
        await sut.WriteSpendAsync([Spend("req-4")], []);

        Assert.Equal(2, sut.WriterOpens);
        var logged = (await sut.ListSpendAsync(new SpendQuery())).Items.Select(r => r.RequestId).Order();
        Assert.Equal(["req-1", "req-4"], logged);
        // The daily row counts the two written batches only: nothing of the failed one carried into the next.
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        var daily = Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", day, day)));
        Assert.Equal(2, daily.Requests);
    }

    [Fact]
    public async Task WriteSpendAsync_ManyBatchesOnOneRow_SumsEachBatchOnce()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();

        // The batch's daily totals are kept between batches (cleared, not reallocated): each batch adds only its own.
        for (var i = 0; i < 5; i++)
        {
            await sut.WriteSpendAsync([Spend($"req-{i}a") with { SpendNanos = 10 }, Spend($"req-{i}b") with { SpendNanos = 1 }], []);
        }

        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        var daily = Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", day, day)));
        Assert.Equal((10, 55), (daily.Requests, daily.SpendNanos));
    }

    [Fact]
    public async Task DisposeAsync_AfterWrites_ClosesTheWriteConnectionAndCheckpointsTheLog()
    {
        var sut = _database.Open();
        await sut.MigrateAsync();
        await sut.WriteSpendAsync([Spend("req-1")], []);
        Assert.True(File.Exists(_database.Path + "-wal"));

        await sut.DisposeAsync();

        // The last connection to close checkpoints the WAL into the file and deletes it.
        Assert.False(File.Exists(_database.Path + "-wal"));
        var afterDispose = sut.WriteSpendAsync([Spend("req-2")], []);
        Assert.True(afterDispose.IsFaulted); // through the task, not thrown at the call
        await Assert.ThrowsAsync<ObjectDisposedException>(() => afterDispose);
    }
}

using Microsoft.Data.Sqlite;
using Routero.Storage.Sqlite.Migrations;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite.Tests;

/// <summary>What only the SQLite backend promises: the file, its mode, its precision and its limits.</summary>
public sealed partial class SqliteStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Reopen_NewInstanceOnSameFile_ReadsWhatTheFirstWrote()
    {
        var key = Key("key-1");
        await using (var first = _database.Open())
        {
            await first.MigrateAsync();
            await first.CommitAsync(Inserting(key));
            await first.WriteSpendAsync([Spend("req-1")], [new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 4)]);
        }

        await using var sut = _database.Open();
        await sut.MigrateAsync();

        Assert.Equal(key, await sut.GetAsync(EntityKind.Key, "key-1"));
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 4), await sut.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(1, (await sut.ListSpendAsync(new SpendQuery())).Total);
    }

    [Fact]
    public async Task MigrateAsync_FreshFile_TurnsOnWalMode()
    {
        await using var sut = _database.Open();

        await sut.MigrateAsync();

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task MigrateAsync_CalledTwice_RecordsEachVersionOnce()
    {
        await using var sut = _database.Open();

        await sut.MigrateAsync();
        await sut.MigrateAsync();

        Assert.Equal((long)Schema.Migrations.Count, await ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
        Assert.Equal((long)Schema.Migrations[^1].Version, await ScalarAsync("SELECT MAX(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task MigrateAsync_TwoStoresOnOneFileAtOnce_BothSucceed()
    {
        // Two instances have two write gates, as two processes would: only SQLite's lock orders them.
        await using var one = _database.Open();
        await using var two = _database.Open();

        await Task.WhenAll(Task.Run(() => one.MigrateAsync()), Task.Run(() => two.MigrateAsync()));

        Assert.Equal((long)Schema.Migrations.Count, await ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
        Assert.Equal(CommitResult.Ok, await two.CommitAsync(Inserting(Key("key-1"))));
    }

    [Fact]
    public async Task GetAsync_TimestampsWithOddTicks_RoundTripToTheTick()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();
        var key = Key("key-1") with { CreatedAt = T0.AddTicks(1), UpdatedAt = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)).AddTicks(7) };

        await sut.CommitAsync(Inserting(key));

        var stored = await sut.GetAsync(EntityKind.Key, "key-1");
        Assert.Equal(key.CreatedAt.UtcTicks, stored!.CreatedAt.UtcTicks);
        Assert.Equal(key.UpdatedAt.UtcTicks, stored.UpdatedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.UpdatedAt.Offset);
    }

    [Fact]
    public async Task ListSpendAsync_LimitAboveCap_ReturnsAtMostMaxSpendPage()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();
        var records = Enumerable.Range(0, SqliteStore.MaxSpendPage + 5).Select(i => Spend($"req-{i}") with { Timestamp = T0.AddSeconds(i) }).ToArray();
        await sut.WriteSpendAsync(records, []);

        var page = await sut.ListSpendAsync(new SpendQuery { Limit = 5_000 });

        Assert.Equal(SqliteStore.MaxSpendPage, page.Items.Count);
        Assert.Equal(SqliteStore.MaxSpendPage + 5, page.Total);
    }

    [Fact]
    public void Constructor_EmptyDataSource_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SqliteStore(new SqliteStoreOptions("")));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static StoredEntity Key(string id) => new()
    {
        Kind = EntityKind.Key, Id = id, KeyHash = $"hash-{id}", Json = "{}", CreatedAt = T0, UpdatedAt = T0,
    };

    private static ChangeSet Inserting(StoredEntity entity)
    {
        var changes = new ChangeSet();
        changes.Inserts.Add(entity);
        return changes;
    }

    private static SpendRecord Spend(string requestId) => new()
    {
        RequestId = requestId, Timestamp = T0, KeyId = "key-1", Model = "m", CallType = "chat",
    };
}

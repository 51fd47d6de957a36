using Routero.Storage.Postgres.Migrations;
using Routero.Tenancy;

namespace Routero.Storage.Postgres.Tests;

/// <summary>What only the PostgreSQL backend promises: a schema shared by several silos, its migrations, its batches.</summary>
public sealed partial class PostgresStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private TempSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TempSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task MigrateAsync_FourSilosAtOnce_ApplyEachVersionOnce()
    {
        var silos = Enumerable.Range(0, 4).Select(_ => _schema.Open()).ToArray();
        try
        {
            await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.MigrateAsync())));

            Assert.Equal((long)Schema.Migrations.Count, await CountAsync("schema_migrations"));
            Assert.Equal(Schema.Migrations[^1].Version, await TestServer.ScalarAsync($"SELECT MAX(version) FROM {_schema.Table("schema_migrations")}"));
            Assert.Equal(CommitResult.Ok, await silos[3].CommitAsync(Inserting(Key("key-1"))));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_CalledTwice_RecordsEachVersionOnce()
    {
        await using var sut = _schema.Open();

        await sut.MigrateAsync();
        await sut.MigrateAsync();

        Assert.Equal((long)Schema.Migrations.Count, await CountAsync("schema_migrations"));
    }

    [Fact]
    public async Task TwoSilos_OnOneDatabase_ReadWhatTheOtherWrote()
    {
        await using var one = await OpenMigratedAsync();
        await using var two = await OpenMigratedAsync();
        var key = Key("key-1");

        await one.CommitAsync(Inserting(key));
        await two.WriteSpendAsync([Spend("req-1")], [new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 4)]);

        Assert.Equal(key, await two.GetAsync(EntityKind.Key, "key-1"));
        Assert.Equal("key-1", await two.FindKeyIdByHashAsync("hash-key-1"));
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 3, 4), await one.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(new[] { Spend("req-1") }, (await one.ListSpendAsync(new SpendQuery())).Items);
    }

    [Fact]
    public async Task TwoSilos_UpdatingFromOneVersion_ExactlyOneWins()
    {
        await using var one = await OpenMigratedAsync();
        await using var two = await OpenMigratedAsync();
        var key = Key("key-1");
        await one.CommitAsync(Inserting(key));

        var results = await Task.WhenAll(
            Task.Run(() => one.CommitAsync(Updating(key with { Version = 2, Alias = "one" }))),
            Task.Run(() => two.CommitAsync(Updating(key with { Version = 2, Alias = "two" }))));

        Assert.Single(results, r => r == CommitResult.Ok);
        Assert.Single(results, r => r == new CommitResult(CommitStatus.Conflict, EntityKind.Key, "key-1"));
        Assert.Equal(2, (await two.GetAsync(EntityKind.Key, "key-1"))!.Version);
    }

    [Fact]
    public async Task TwoSilos_InsertingOneIdAtOnce_OneCommitsOneGetsDuplicate()
    {
        await using var one = await OpenMigratedAsync();
        await using var two = await OpenMigratedAsync();

        var results = await Task.WhenAll(
            Task.Run(() => one.CommitAsync(Inserting(Key("key-1")))),
            Task.Run(() => two.CommitAsync(Inserting(Key("key-1")))));

        Assert.Single(results, r => r == CommitResult.Ok);
        Assert.Single(results, r => r == new CommitResult(CommitStatus.Duplicate, EntityKind.Key, "key-1"));
    }

    [Fact]
    public async Task Schemas_OnOneDatabase_AreIsolated()
    {
        await using var other = await TempSchema.CreateAsync();
        await using var sut = await OpenMigratedAsync();
        await using var elsewhere = other.Open();
        await elsewhere.MigrateAsync();

        await sut.CommitAsync(Inserting(Key("key-1")));

        Assert.Null(await elsewhere.GetAsync(EntityKind.Key, "key-1"));
        Assert.Equal(CommitResult.Ok, await elsewhere.CommitAsync(Inserting(Key("key-1"))));
    }

    private async Task<PostgresStore> OpenMigratedAsync()
    {
        var store = _schema.Open();
        await store.MigrateAsync();
        return store;
    }

    private async Task<long> CountAsync(string table) => (long)(await TestServer.ScalarAsync($"SELECT COUNT(*) FROM {_schema.Table(table)}"))!;

    private static StoredEntity Key(string id) => new()
    {
        Kind = EntityKind.Key, Id = id, KeyHash = $"hash-{id}", Json = "{}", CreatedAt = T0, UpdatedAt = T0,
    };

    private static ChangeSet Inserting(params StoredEntity[] entities)
    {
        var changes = new ChangeSet();
        changes.Inserts.AddRange(entities);
        return changes;
    }

    private static ChangeSet Updating(params StoredEntity[] entities)
    {
        var changes = new ChangeSet();
        changes.Updates.AddRange(entities);
        return changes;
    }

    private static SpendRecord Spend(string requestId) => new()
    {
        RequestId = requestId, Timestamp = T0, KeyId = "key-1", Model = "m", CallType = "chat",
    };
}

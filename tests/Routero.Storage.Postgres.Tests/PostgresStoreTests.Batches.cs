using Routero.Tenancy;

namespace Routero.Storage.Postgres.Tests;

public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task WriteSpendAsync_ThousandRecordsInOneBatch_WritesEveryOne()
    {
        await using var sut = await OpenMigratedAsync();
        var records = Enumerable.Range(0, 1_000).Select(i => Spend($"req-{i:D4}") with { Timestamp = T0.AddTicks(i), SpendNanos = i }).ToArray();
        var counters = Enumerable.Range(0, 50).Select(i => new BudgetCounter(EntityKind.Key, $"key-{i}", T0, i, i * 2L)).ToArray();

        await sut.WriteSpendAsync(records, counters);

        var page = await sut.ListSpendAsync(new SpendQuery { Limit = 1_000 });
        Assert.Equal(1_000, page.Total);
        Assert.Equal(records.Reverse(), page.Items);
        Assert.Equal(counters[49], await sut.GetCounterAsync(EntityKind.Key, "key-49"));
    }

    [Fact]
    public async Task ListSpendAsync_LimitAboveCap_ReturnsAtMostMaxSpendPage()
    {
        await using var sut = await OpenMigratedAsync();
        var records = Enumerable.Range(0, PostgresStore.MaxSpendPage + 5).Select(i => Spend($"req-{i}") with { Timestamp = T0.AddSeconds(i) }).ToArray();
        await sut.WriteSpendAsync(records, []);

        var page = await sut.ListSpendAsync(new SpendQuery { Limit = 5_000 });

        Assert.Equal(PostgresStore.MaxSpendPage, page.Items.Count);
        Assert.Equal(PostgresStore.MaxSpendPage + 5, page.Total);
    }

    [Fact]
    public async Task WriteSpendAsync_TwoSilosWritingCountersInOppositeOrders_NeitherDeadlocks()
    {
        await using var one = await OpenMigratedAsync();
        await using var two = await OpenMigratedAsync();
        var forward = Enumerable.Range(0, 20).Select(i => new BudgetCounter(EntityKind.Team, $"team-{i}", T0, i, i)).ToArray();
        var backward = forward.Reverse().Select(c => c with { WindowSpentNanos = c.WindowSpentNanos + 1 }).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : two).WriteSpendAsync([], i % 2 == 0 ? forward : backward))));

        Assert.Equal(20L, await CountAsync("budget_counters"));
    }

    [Fact]
    public async Task WriteSpendAsync_SameRequestIdTwiceInOneBatch_KeepsTheFirst()
    {
        await using var sut = await OpenMigratedAsync();

        await sut.WriteSpendAsync([Spend("req-2"), Spend("req-1") with { SpendNanos = 1 }, Spend("req-1") with { SpendNanos = 2 }], []);

        Assert.Equal(1, (await sut.ListSpendAsync(new SpendQuery { RequestId = "req-1" })).Items.Single().SpendNanos);
    }

    [Fact]
    public async Task CommitAsync_MissBeforeTakenKeyHash_NamesTheEarlierMiss()
    {
        // The batch runs every statement; the outcome must still be the first one that failed, as if one by one.
        await using var sut = await OpenMigratedAsync();
        var key1 = Key("key-1");
        var key2 = Key("key-2");
        await sut.CommitAsync(Inserting(key1, key2));
        var changes = Updating(key1 with { Version = 5 }, key2 with { Version = 2, KeyHash = key1.KeyHash });
        changes.Inserts.Add(Key("key-3"));

        var result = await sut.CommitAsync(changes);

        Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.Key, "key-1"), result);
        Assert.Null(await sut.GetAsync(EntityKind.Key, "key-3"));
        Assert.Equal(key2, await sut.GetAsync(EntityKind.Key, "key-2"));
    }

    [Fact]
    public async Task GetAsync_TimestampsWithOddTicks_RoundTripToTheTick()
    {
        await using var sut = await OpenMigratedAsync();
        var key = Key("key-1") with
        {
            CreatedAt = T0.AddTicks(1),
            UpdatedAt = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)).AddTicks(7),
        };

        await sut.CommitAsync(Inserting(key));

        var stored = await sut.GetAsync(EntityKind.Key, "key-1");
        Assert.Equal(key.CreatedAt.UtcTicks, stored!.CreatedAt.UtcTicks);
        Assert.Equal(key.UpdatedAt.UtcTicks, stored.UpdatedAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, stored.UpdatedAt.Offset);
    }

    [Fact]
    public async Task GetAsync_JsonWithSpacingAndKeyOrder_ReadsBackByteForByte()
    {
        await using var sut = await OpenMigratedAsync();
        var key = Key("key-1") with { Json = "{ \"b\": 1,  \"a\": [1.50, \"\\u00e9\"] }" };

        await sut.CommitAsync(Inserting(key));

        Assert.Equal(key.Json, (await sut.GetAsync(EntityKind.Key, "key-1"))!.Json);
    }
}

using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres.Tests;

/// <summary>
/// A cluster's group commit: the caller's statements and the batch in one transaction, through the asynchronous call
/// and through the blocking one the spend writer's own thread uses (sync: true).
/// </summary>
public sealed partial class PostgresStoreTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteSpend_WithStatementsFirst_CommitsThemWithTheBatch(bool sync)
    {
        await using var sut = await OpenMigratedAsync();

        await WriteWithFirstAsync(sut, sync, [Spend("req-1")], [new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1)],
            () => [new NpgsqlBatchCommand($"UPDATE {_schema.Table("budget_counters")} SET lifetime_spent_nanos = 7")]);

        // The caller's statement ran first: the batch's own counter upsert came after it.
        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1), await sut.GetCounterAsync(EntityKind.Key, "key-1"));
        Assert.Equal(1L, await CountAsync("spend_logs"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteSpend_WhenAStatementFirstFails_WritesNothingOfTheBatch(bool sync)
    {
        await using var sut = await OpenMigratedAsync();

        await Assert.ThrowsAsync<PostgresException>(() => WriteWithFirstAsync(sut, sync, [Spend("req-1")], [new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1)],
            () => [new NpgsqlBatchCommand("SELECT 1 / 0")]));

        Assert.Equal(0L, await CountAsync("spend_logs"));
        Assert.Equal(0L, await CountAsync("daily_spend"));
        Assert.Null(await sut.GetCounterAsync(EntityKind.Key, "key-1"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteSpend_WhenTheBatchFailsAfterTheStatementsFirst_RollsThemBack(bool sync)
    {
        await using var sut = await OpenMigratedAsync();
        await sut.WriteSpendAsync([], [new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1)]);

        // model is NOT NULL: the append fails after the caller's update ran; the update must not survive.
        await Assert.ThrowsAnyAsync<Exception>(() => WriteWithFirstAsync(sut, sync, [Spend("req-1") with { Model = null! }], [],
            () => [new NpgsqlBatchCommand($"UPDATE {_schema.Table("budget_counters")} SET lifetime_spent_nanos = 7")]));

        Assert.Equal(new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1), await sut.GetCounterAsync(EntityKind.Key, "key-1"));
    }

    private static Task WriteWithFirstAsync(PostgresStore sut, bool sync, SpendRecord[] records, BudgetCounter[] counters,
        Func<IReadOnlyList<NpgsqlBatchCommand>> first) =>
        sync ? Task.Run(() => sut.WriteSpend(records, counters, first)) : sut.WriteSpendAsync(records, counters, first);
}

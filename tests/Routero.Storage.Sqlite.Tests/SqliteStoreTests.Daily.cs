using Microsoft.Data.Sqlite;
using Routero.Storage.Conformance;
using Routero.Storage.Sqlite.Migrations;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task MigrateAsync_SpendLoggedBeforeDailyAggregates_SumsItInAsTheGroupCommitWould()
    {
        var records = DailySpendFixture.Records(T0);
        await using (var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False"))
        {
            // A file at schema version 1 with spend already logged, as an existing deployment's is.
            await connection.OpenAsync();
            await Migrator.ApplyAsync(connection, [Schema.Migrations[0]], CancellationToken.None);
            using var insert = new RawStatement(connection, SpendRows.InsertSql, SpendRows.ParameterNames);
            foreach (var record in records)
            {
                SpendRows.Bind(insert, record);
                insert.Execute();
            }
        }
        using var freshFile = new TempDatabase();
        await using var fresh = freshFile.Open();
        await fresh.MigrateAsync();
        await fresh.WriteSpendAsync(records, []);

        await using var sut = _database.Open();
        await sut.MigrateAsync();

        foreach (var query in DailySpendFixture.Queries(T0))
        {
            var expected = await fresh.ListDailySpendAsync(query);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await sut.ListDailySpendAsync(query));
        }
    }

    [Fact]
    public async Task WriteSpendAsync_ManyRecordsOnFewRows_WritesOneRowPerLevelModelKeyAndDay()
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();
        var records = Enumerable.Range(0, 500).Select(i => Spend($"req-{i}") with { TeamId = "team-1", SpendNanos = i }).ToArray();

        await sut.WriteSpendAsync(records, []);

        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM daily_spend;"));
        Assert.Equal(500L * 499 / 2, await ScalarAsync($"SELECT spend_nanos FROM daily_spend WHERE level_kind = {(int)EntityKind.Team};"));
    }
}

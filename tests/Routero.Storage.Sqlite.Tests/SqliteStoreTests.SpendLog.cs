using Microsoft.Data.Sqlite;
using Routero.Storage.Sqlite.Migrations;

namespace Routero.Storage.Sqlite.Tests;

/// <summary>The slim spend log of migration 6.</summary>
public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task MigrateAsync_SpendLogOfVersion2_KeepsEveryRecordAndOnlyTheRequestAndTimeIndexes()
    {
        var records = Enumerable.Range(0, 50).Select(i => Spend($"req-{i:00}") with { Timestamp = T0.AddSeconds(50 - i), TeamId = "team-1" }).ToArray();
        await using (var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False"))
        {
            await connection.OpenAsync();
            await Migrator.ApplyAsync(connection, [Schema.Migrations[0], Schema.Migrations[1]], CancellationToken.None);
            using var insert = new RawStatement(connection, SpendRows.InsertSql, SpendRows.ParameterNames);
            foreach (var record in records)
            {
                SpendRows.Bind(insert, record);
                insert.Execute();
            }
        }
        await using var sut = _database.Open();

        await sut.MigrateAsync();

        var page = await sut.ListSpendAsync(new SpendQuery { TeamId = "team-1", Limit = 100 });
        Assert.Equal(records.OrderByDescending(r => r.Timestamp), page.Items);
        Assert.Equal("ix_spend_ts,sqlite_autoindex_spend_logs_1",
            await ScalarAsync("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spend_logs' ORDER BY name);"));
        // A retried batch is still ignored by request id.
        await sut.WriteSpendAsync([records[0]], []);
        Assert.Equal(50, (await sut.ListSpendAsync(new SpendQuery())).Total);
    }
}

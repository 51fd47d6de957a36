using Npgsql;
using Routero.Storage.Conformance;
using Routero.Storage.Postgres.Migrations;
using Routero.Tenancy;

namespace Routero.Storage.Postgres.Tests;

public sealed partial class PostgresStoreTests
{
    [Fact]
    public async Task MigrateAsync_SpendLoggedBeforeDailyAggregates_SumsItInAsTheGroupCommitWould()
    {
        var records = DailySpendFixture.Records(T0);
        await using (var dataSource = NpgsqlDataSource.Create(_schema.ConnectionString))
        {
            // A schema at version 1 with spend already logged, as an existing deployment's is.
            await Migrator.ApplyAsync(dataSource, [Schema.Migrations[0]], CancellationToken.None);
            foreach (var r in records)
            {
                await using var insert = dataSource.CreateCommand(
                    $"INSERT INTO spend_logs ({SpendRows.Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
                insert.Parameters.AddRange(new NpgsqlParameter[]
                {
                    SqlValues.Text(r.RequestId), SqlValues.Long(r.Timestamp.UtcTicks), SqlValues.Text(r.KeyId), SqlValues.Text(r.TeamId),
                    SqlValues.Text(r.UserId), SqlValues.Text(r.OrganizationId), SqlValues.Text(r.CustomerId), SqlValues.Text(r.Model),
                    SqlValues.Text(r.Deployment), SqlValues.Text(r.CallType), SqlValues.Int(r.PromptTokens), SqlValues.Int(r.CompletionTokens),
                    SqlValues.Long(r.SpendNanos), SqlValues.Bool(r.UsageEstimated), SqlValues.Int(r.Status),
                });
                await insert.ExecuteNonQueryAsync();
            }
        }
        await using var freshSchema = await TempSchema.CreateAsync();
        await using var fresh = freshSchema.Open();
        await fresh.MigrateAsync();
        await fresh.WriteSpendAsync(records, []);

        await using var sut = await OpenMigratedAsync();

        foreach (var query in DailySpendFixture.Queries(T0))
        {
            var expected = await fresh.ListDailySpendAsync(query);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await sut.ListDailySpendAsync(query));
        }
    }

    [Fact]
    public async Task WriteSpendAsync_TwoSilosOverlappingRowsAndRequestIds_AllCommitAndEachRecordCountsOnce()
    {
        await using var one = await OpenMigratedAsync();
        await using var two = await OpenMigratedAsync();
        // Both silos write the same 200 requests (a retry racing the original) over the same 40 daily rows
        // (5 teams x 4 models, each model on one key), in opposite orders.
        var records = Enumerable.Range(0, 200).Select(i => Spend($"req-{i:D3}") with
        {
            KeyId = $"key-{i % 2}", Model = $"m{i % 4}", TeamId = $"team-{i % 5}", SpendNanos = i + 1,
        }).ToArray();
        var forward = records.Chunk(50).ToArray();
        var backward = records.Reverse().Chunk(50).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => (i % 2 == 0 ? one : two).WriteSpendAsync(i % 2 == 0 ? forward[i / 2] : backward[i / 2], []))));

        var teams = await Task.WhenAll(Enumerable.Range(0, 5).Select(t =>
            one.ListDailySpendAsync(new DailySpendQuery(EntityKind.Team, $"team-{t}", DateOnly.FromDateTime(T0.UtcDateTime), DateOnly.FromDateTime(T0.UtcDateTime)))));
        Assert.Equal(200L, teams.Sum(rows => rows.Sum(r => r.Requests)));
        Assert.Equal(200L * 201 / 2, teams.Sum(rows => rows.Sum(r => r.SpendNanos)));
        Assert.Equal(200L, await CountAsync("spend_logs"));
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string TotalsColumns =
        "COALESCE(SUM(requests), 0), COALESCE(SUM(successful), 0), COALESCE(SUM(failed), 0), " +
        "COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(spend_nanos), 0)";

    // Ticks / ticks per day is the day number since 0001-01-01, which is DateOnly's day number.
    private const string DailyTeamSpendSql = """
        SELECT ts / 864000000000, team_id, COUNT(*),
               SUM(status BETWEEN 200 AND 299), SUM(status NOT BETWEEN 200 AND 299),
               SUM(prompt_tokens), SUM(completion_tokens), SUM(spend_nanos)
        FROM spend_logs
        WHERE organization_id = $org AND ts >= $from AND ts < $to
        GROUP BY 1, 2
        ORDER BY 1, 2;
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<DailySpendRow>> ListDailySpendReportAsync(DailySpendReportQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync<IReadOnlyList<DailySpendRow>>(async (connection, token) =>
        {
            var where = ReportFilter(query, out var parameters);
            await using var command = connection.Command(
                $"SELECT {DailySpendRows.Columns} FROM daily_spend WHERE {where} ORDER BY day, level_id, model, key_id;");
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<DailySpendRow>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(DailySpendRows.Read(reader));
            }
            return rows;
        }, ct);
    }

    /// <inheritdoc />
    public Task<DailySpendTotals> SumDailySpendAsync(DailySpendReportQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(async (connection, token) =>
        {
            var where = ReportFilter(query, out var parameters);
            await using var command = connection.Command($"SELECT {TotalsColumns} FROM daily_spend WHERE {where};");
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return ReadTotals(reader, 0);
        }, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DailyTeamSpendRow>> ListDailyTeamSpendAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        return ReadAsync<IReadOnlyList<DailyTeamSpendRow>>(async (connection, token) =>
        {
            await using var command = connection.Command(DailyTeamSpendSql);
            command.Parameters.Add("$org", organizationId);
            command.Parameters.Add("$from", DayStartTicks(from));
            command.Parameters.Add("$to", DayStartTicks(to.AddDays(1)));
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<DailyTeamSpendRow>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(new DailyTeamSpendRow(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetStringOrNull(1), ReadTotals(reader, 2)));
            }
            return rows;
        }, ct);
    }

    private static long DayStartTicks(DateOnly day) => (long)day.DayNumber * TimeSpan.TicksPerDay;

    private static DailySpendTotals ReadTotals(SqliteDataReader r, int first) => new()
    {
        Requests = r.GetInt64(first),
        Successful = r.GetInt64(first + 1),
        Failed = r.GetInt64(first + 2),
        PromptTokens = r.GetInt64(first + 3),
        CompletionTokens = r.GetInt64(first + 4),
        SpendNanos = r.GetInt64(first + 5),
    };

    private static string ReportFilter(DailySpendReportQuery query, out List<SqliteParameter> parameters)
    {
        var where = new StringBuilder("level_kind = $kind AND day BETWEEN $from AND $to");
        parameters =
        [
            new("$kind", (int)query.LevelKind),
            new("$from", SqlValues.ToDay(query.From)),
            new("$to", SqlValues.ToDay(query.To)),
        ];
        if (query.LevelIds is { } ids)
        {
            where.Append(" AND level_id IN (SELECT value FROM json_each($ids))");
            parameters.Add(new("$ids", JsonSerializer.Serialize(ids, SqliteJsonContext.Default.IReadOnlyCollectionString)));
        }
        if (query.LevelIdPrefix is { Length: > 0 } prefix)
        {
            where.Append(" AND level_id >= $prefix AND level_id < $prefix_end");
            parameters.Add(new("$prefix", prefix));
            parameters.Add(new("$prefix_end", query.LevelIdUpperBound));
        }
        AddEquals(where, parameters, "model", "$model", query.Model);
        AddEquals(where, parameters, "key_id", "$key", query.KeyId);
        return where.ToString();
    }
}

using System.Text;
using Npgsql;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string TotalsColumns =
        "COALESCE(SUM(requests), 0)::bigint, COALESCE(SUM(successful), 0)::bigint, COALESCE(SUM(failed), 0)::bigint, " +
        "COALESCE(SUM(prompt_tokens), 0)::bigint, COALESCE(SUM(completion_tokens), 0)::bigint, COALESCE(SUM(spend_nanos), 0)::bigint";

    // Ticks / ticks per day is the day number since 0001-01-01, which is DateOnly's day number. NULLS FIRST
    // puts keys of no team first, as SQLite orders NULL.
    private const string DailyTeamSpendSql = """
        SELECT (ts / 864000000000)::integer, team_id, COUNT(*)::bigint,
               COUNT(*) FILTER (WHERE status BETWEEN 200 AND 299)::bigint, COUNT(*) FILTER (WHERE status NOT BETWEEN 200 AND 299)::bigint,
               SUM(prompt_tokens)::bigint, SUM(completion_tokens)::bigint, SUM(spend_nanos)::bigint
        FROM spend_logs
        WHERE organization_id = $1 AND ts >= $2 AND ts < $3
        GROUP BY 1, 2
        ORDER BY 1, 2 NULLS FIRST
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailySpendRow>> ListDailySpendReportAsync(DailySpendReportQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = ReportFilter(query, out var parameters);
        await using var command = Command(
            $"SELECT {DailySpendRows.Columns} FROM daily_spend WHERE {where} ORDER BY day, level_id, model, key_id", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<DailySpendRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(DailySpendRows.Read(reader));
        }
        return rows;
    }

    /// <inheritdoc />
    public async Task<DailySpendTotals> SumDailySpendAsync(DailySpendReportQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = ReportFilter(query, out var parameters);
        await using var command = Command($"SELECT {TotalsColumns} FROM daily_spend WHERE {where}", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return ReadTotals(reader, 0);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyTeamSpendRow>> ListDailyTeamSpendAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        await using var command = Command(DailyTeamSpendSql,
            SqlValues.Text(organizationId), SqlValues.Long(DayStartTicks(from)), SqlValues.Long(DayStartTicks(to.AddDays(1))));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<DailyTeamSpendRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DailyTeamSpendRow(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetStringOrNull(1), ReadTotals(reader, 2)));
        }
        return rows;
    }

    private static long DayStartTicks(DateOnly day) => (long)day.DayNumber * TimeSpan.TicksPerDay;

    private static DailySpendTotals ReadTotals(NpgsqlDataReader r, int first) => new()
    {
        Requests = r.GetInt64(first),
        Successful = r.GetInt64(first + 1),
        Failed = r.GetInt64(first + 2),
        PromptTokens = r.GetInt64(first + 3),
        CompletionTokens = r.GetInt64(first + 4),
        SpendNanos = r.GetInt64(first + 5),
    };

    private static string ReportFilter(DailySpendReportQuery query, out List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("level_kind = $1 AND day BETWEEN $2 AND $3");
        parameters =
        [
            SqlValues.Int((int)query.LevelKind),
            SqlValues.Int(SqlValues.ToDay(query.From)),
            SqlValues.Int(SqlValues.ToDay(query.To)),
        ];
        if (query.LevelIds is { } ids)
        {
            AddAny(where, parameters, "level_id", ids);
        }
        if (query.LevelIdPrefix is { Length: > 0 } prefix)
        {
            parameters.Add(SqlValues.Text(prefix));
            where.Append(" AND level_id >= $").Append(parameters.Count);
            parameters.Add(SqlValues.Text(query.LevelIdUpperBound));
            where.Append(" AND level_id < $").Append(parameters.Count);
        }
        AddEquals(where, parameters, "model", query.Model);
        AddEquals(where, parameters, "key_id", query.KeyId);
        return where.ToString();
    }
}

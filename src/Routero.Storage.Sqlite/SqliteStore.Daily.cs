using System.Text;
using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<DailySpendRow>> ListDailySpendAsync(DailySpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.LevelId);
        return ReadAsync<IReadOnlyList<DailySpendRow>>(async (connection, token) =>
        {
            var where = DailyFilter(query, out var parameters);
            await using var command = connection.Command(
                $"SELECT {DailySpendRows.Columns} FROM daily_spend WHERE {where} ORDER BY day, model, key_id;");
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

    /// <summary>
    /// Adds a batch's newly appended records to the daily rows, one additive upsert per row touched. Runs under the
    /// write gate: <see cref="_dailyRows"/> is the writer's, reused from batch to batch.
    /// </summary>
    private void AddToDaily(List<SpendRecord> appended)
    {
        if (appended.Count == 0)
        {
            return;
        }
        var upsert = _writer.Prepared(DailySpendRows.UpsertSql, DailySpendRows.ParameterNames);
        try
        {
            DailySpendRollup.Sum(appended, _dailyRows);
            foreach (var (row, totals) in _dailyRows)
            {
                DailySpendRows.Bind(upsert, row, totals);
                upsert.Execute();
            }
        }
        finally
        {
            _dailyRows.Clear(); // holds no record's strings between batches
            // A backlog's batch (thousands of records) grows the table far past the usual batch: give that memory back.
            if (_dailyRows.EnsureCapacity(0) > RetainedDailyRows) _dailyRows.TrimExcess(RetainedDailyRows);
        }
    }

    private static string DailyFilter(DailySpendQuery query, out List<SqliteParameter> parameters)
    {
        var where = new StringBuilder("level_kind = $kind AND level_id = $id AND day BETWEEN $from AND $to");
        parameters =
        [
            new("$kind", (int)query.LevelKind),
            new("$id", query.LevelId),
            new("$from", SqlValues.ToDay(query.From)),
            new("$to", SqlValues.ToDay(query.To)),
        ];
        AddEquals(where, parameters, "model", "$model", query.Model);
        AddEquals(where, parameters, "key_id", "$key", query.KeyId);
        return where.ToString();
    }
}

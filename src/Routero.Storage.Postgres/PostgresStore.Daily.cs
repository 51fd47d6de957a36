using System.Text;
using Npgsql;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DailySpendRow>> ListDailySpendAsync(DailySpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.LevelId);
        var where = DailyFilter(query, out var parameters);
        await using var command = Command(
            $"SELECT {DailySpendRows.Columns} FROM daily_spend WHERE {where} ORDER BY day, model, key_id", [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<DailySpendRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(DailySpendRows.Read(reader));
        }
        return rows;
    }

    private static string DailyFilter(DailySpendQuery query, out List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("level_kind = $1 AND level_id = $2 AND day BETWEEN $3 AND $4");
        parameters =
        [
            SqlValues.Int((int)query.LevelKind),
            SqlValues.Text(query.LevelId),
            SqlValues.Int(SqlValues.ToDay(query.From)),
            SqlValues.Int(SqlValues.ToDay(query.To)),
        ];
        AddEquals(where, parameters, "model", query.Model);
        AddEquals(where, parameters, "key_id", query.KeyId);
        return where.ToString();
    }
}

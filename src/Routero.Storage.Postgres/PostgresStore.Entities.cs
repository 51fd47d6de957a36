using System.Text;
using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public async Task<StoredEntity?> GetAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = Command($"SELECT {EntityRows.Columns} FROM entities WHERE kind = $1 AND id = $2",
            SqlValues.Int((int)kind), SqlValues.Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? EntityRows.Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<string?> FindKeyIdByHashAsync(string keyHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        await using var command = Command("SELECT id FROM entities WHERE key_hash = $1 AND kind = $2",
            SqlValues.Text(keyHash), SqlValues.Int((int)EntityKind.Key));
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    /// <inheritdoc />
    public Task<Page<StoredEntity>> ListAsync(EntityQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = EntityFilter(query, out var parameters);
        return ReadPageAsync(
            $"SELECT COUNT(*) FROM entities WHERE {where}",
            $"SELECT {EntityRows.Columns} FROM entities WHERE {where} ORDER BY created_at, id",
            parameters, Math.Max(0, query.Limit), Math.Max(0, query.Offset), EntityRows.Read, ct);
    }

    private static string EntityFilter(EntityQuery query, out List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("kind = $1");
        parameters = [SqlValues.Int((int)query.Kind)];
        AddEquals(where, parameters, "organization_id", query.OrganizationId);
        AddEquals(where, parameters, "team_id", query.TeamId);
        AddEquals(where, parameters, "user_id", query.UserId);
        AddEquals(where, parameters, "alias", query.Alias);
        if (query.Ids is not null)
        {
            // One array parameter instead of one parameter per id: no 65,535-parameter limit, one statement text.
            parameters.Add(SqlValues.TextArray(query.Ids));
            where.Append(" AND id = ANY($").Append(parameters.Count).Append(')');
        }
        return where.ToString();
    }

    private static void AddEquals(StringBuilder where, List<NpgsqlParameter> parameters, string column, string? value)
    {
        if (value is not null)
        {
            parameters.Add(SqlValues.Text(value));
            where.Append(" AND ").Append(column).Append(" = $").Append(parameters.Count);
        }
    }

    /// <summary>
    /// Counts the matches and reads one page of them in one snapshot and one round trip. The filter's
    /// parameters are <c>$1..$n</c> in both statements; the page adds LIMIT and OFFSET after them.
    /// </summary>
    private Task<Page<T>> ReadPageAsync<T>(string countSql, string pageSql, List<NpgsqlParameter> filter,
        int limit, int offset, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var n = filter.Count;
        return ReadSnapshotAsync(async (connection, transaction, token) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    SqlValues.Statement(countSql, [.. filter]),
                    // A parameter belongs to one statement: the page gets copies.
                    SqlValues.Statement($"{pageSql} LIMIT ${n + 1} OFFSET ${n + 2}",
                        [.. filter.Select(p => p.Clone()), SqlValues.Int(limit), SqlValues.Int(offset)]),
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            var total = reader.GetInt64(0);
            await reader.NextResultAsync(token);
            var items = new List<T>();
            while (await reader.ReadAsync(token))
            {
                items.Add(read(reader));
            }
            return new Page<T>(items, total);
        }, ct);
    }
}

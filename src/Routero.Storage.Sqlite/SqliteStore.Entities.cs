using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task<StoredEntity?> GetAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync(async (connection, token) =>
        {
            await using var command = connection.Command($"SELECT {EntityRows.Columns} FROM entities WHERE kind = $kind AND id = $id;");
            command.Parameters.Add("$kind", (int)kind);
            command.Parameters.Add("$id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? EntityRows.Read(reader) : null;
        }, ct);
    }

    /// <inheritdoc />
    public Task<string?> FindKeyIdByHashAsync(string keyHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        return ReadAsync(async (connection, token) =>
        {
            await using var command = connection.Command("SELECT id FROM entities WHERE key_hash = $hash AND kind = $kind;");
            command.Parameters.Add("$hash", keyHash);
            command.Parameters.Add("$kind", (int)EntityKind.Key);
            return (string?)await command.ExecuteScalarAsync(token);
        }, ct);
    }

    /// <inheritdoc />
    public Task<Page<StoredEntity>> ListAsync(EntityQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(async (connection, token) =>
        {
            // One deferred transaction: the count and the page see the same snapshot.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var where = EntityFilter(query, out var parameters);
            await using var command = connection.Command(
                $"SELECT COUNT(*) FROM entities WHERE {where}; " +
                $"SELECT {EntityRows.Columns} FROM entities WHERE {where} ORDER BY created_at, id LIMIT $limit OFFSET $offset;",
                transaction);
            command.Parameters.AddRange(parameters);
            command.Parameters.Add("$limit", Math.Max(0, query.Limit));
            command.Parameters.Add("$offset", Math.Max(0, query.Offset));
            return await ReadPageAsync(command, EntityRows.Read, token);
        }, ct);
    }

    private static string EntityFilter(EntityQuery query, out List<SqliteParameter> parameters)
    {
        var where = new StringBuilder("kind = $kind");
        parameters = [new("$kind", (int)query.Kind)];
        AddEquals(where, parameters, "organization_id", "$org", query.OrganizationId);
        AddEquals(where, parameters, "team_id", "$team", query.TeamId);
        AddEquals(where, parameters, "user_id", "$user", query.UserId);
        AddEquals(where, parameters, "alias", "$alias", query.Alias);
        if (query.Ids is not null)
        {
            // One JSON array parameter instead of one parameter per id: no SQLITE_MAX_VARIABLE_NUMBER limit.
            where.Append(" AND id IN (SELECT value FROM json_each($ids))");
            parameters.Add(new("$ids", JsonSerializer.Serialize(query.Ids, SqliteJsonContext.Default.IReadOnlyCollectionString)));
        }
        return where.ToString();
    }

    private static void AddEquals(StringBuilder where, List<SqliteParameter> parameters, string column, string name, string? value)
    {
        if (value is not null)
        {
            where.Append(" AND ").Append(column).Append(" = ").Append(name);
            parameters.Add(new(name, value));
        }
    }

    /// <summary>Reads a two-statement command: a count, then the page's rows.</summary>
    private static async Task<Page<T>> ReadPageAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var items = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            items.Add(read(reader));
        }
        return new Page<T>(items, total);
    }
}

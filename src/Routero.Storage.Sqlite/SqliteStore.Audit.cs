using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>The largest audit page one call returns, whatever <see cref="AuditQuery.Limit"/> asks.</summary>
    public const int MaxAuditPage = 500;

    /// <inheritdoc />
    public Task<Page<AuditRecord>> ListAuditAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(async (connection, token) =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            var where = AuditFilter(query, out var parameters);
            await using var command = connection.Command(
                $"SELECT COUNT(*) FROM audit_log WHERE {where}; " +
                $"SELECT {AuditRows.Columns} FROM audit_log WHERE {where} ORDER BY ts DESC, seq DESC LIMIT $limit OFFSET $offset;",
                transaction);
            command.Parameters.AddRange(parameters);
            command.Parameters.Add("$limit", Math.Clamp(query.Limit, 0, MaxAuditPage));
            command.Parameters.Add("$offset", Math.Max(0, query.Offset));
            return await ReadPageAsync(command, AuditRows.Read, token);
        }, ct);
    }

    /// <summary>Appends a change set's audit records, inside its transaction.</summary>
    private static async Task AppendAuditAsync(SqliteConnection c, SqliteTransaction tx, List<AuditRecord> records, CancellationToken ct)
    {
        if (records.Count == 0)
        {
            return;
        }
        await using var insert = c.Command(AuditRows.InsertSql, tx);
        foreach (var record in records)
        {
            AuditRows.Bind(insert, record);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static string AuditFilter(AuditQuery query, out List<SqliteParameter> parameters)
    {
        var where = new StringBuilder("1 = 1");
        parameters = [];
        AddEquals(where, parameters, "organization_id", "$org", query.OrganizationId);
        AddEquals(where, parameters, "action", "$action", query.Action);
        AddEquals(where, parameters, "target_type", "$target_type", query.TargetType);
        AddEquals(where, parameters, "target_id", "$target_id", query.TargetId);
        AddEquals(where, parameters, "actor", "$actor", query.Actor);
        AddEquals(where, parameters, "request_id", "$request", query.RequestId);
        if (query.VisibleOrganizationIds is { } visible)
        {
            where.Append(" AND organization_id IN (SELECT value FROM json_each($visible))");
            parameters.Add(new("$visible", JsonSerializer.Serialize(visible, SqliteJsonContext.Default.IReadOnlyCollectionString)));
        }
        AddRange(where, parameters, "ts", query.From, query.To);
        return where.ToString();
    }
}

using System.Text;
using Npgsql;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The largest audit page one call returns, whatever <see cref="AuditQuery.Limit"/> asks.</summary>
    public const int MaxAuditPage = 500;

    /// <inheritdoc />
    public Task<Page<AuditRecord>> ListAuditAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = AuditFilter(query, out var parameters);
        return ReadPageAsync(
            $"SELECT COUNT(*) FROM audit_log WHERE {where}",
            $"SELECT {AuditRows.Columns} FROM audit_log WHERE {where} ORDER BY ts DESC, seq DESC",
            parameters, Math.Clamp(query.Limit, 0, MaxAuditPage), Math.Max(0, query.Offset), AuditRows.Read, ct);
    }

    private static string AuditFilter(AuditQuery query, out List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("TRUE");
        parameters = [];
        AddEquals(where, parameters, "organization_id", query.OrganizationId);
        AddEquals(where, parameters, "action", query.Action);
        AddEquals(where, parameters, "target_type", query.TargetType);
        AddEquals(where, parameters, "target_id", query.TargetId);
        AddEquals(where, parameters, "actor", query.Actor);
        AddEquals(where, parameters, "request_id", query.RequestId);
        if (query.VisibleOrganizationIds is { } visible)
        {
            AddAny(where, parameters, "organization_id", visible);
        }
        AddRange(where, parameters, "ts", query.From, query.To);
        return where.ToString();
    }
}

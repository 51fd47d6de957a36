using Npgsql;

namespace Routero.Storage.Postgres;

/// <summary>The <c>audit_log</c> row layout: its column list, reading a row, and the statement that appends a change set's rows.</summary>
internal static class AuditRows
{
    public const string Columns =
        "id, ts, actor, actor_key_id, organization_id, action, operation, target_type, target_id, before_value, after_value, request_id";

    // One statement for all of a change set's records, one column array per parameter; ORDER BY ordinality
    // hands out seq in the order the records were given, as the SQLite store's row-by-row inserts do.
    private const string AppendSql = $"""
        INSERT INTO audit_log ({Columns})
        SELECT id, ts, actor, actor_key_id, organization_id, action, operation, target_type, target_id, before_value, after_value, request_id
        FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                    $10::text[], $11::text[], $12::text[])
            WITH ORDINALITY AS a (id, ts, actor, actor_key_id, organization_id, action, operation, target_type, target_id,
                                  before_value, after_value, request_id, n)
        ORDER BY n
        """;

    public static AuditRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Timestamp = SqlValues.FromTicks(r.GetInt64(1)),
        Actor = r.GetString(2),
        ActorKeyId = r.GetStringOrNull(3),
        OrganizationId = r.GetStringOrNull(4),
        Action = r.GetString(5),
        Operation = r.GetString(6),
        TargetType = r.GetString(7),
        TargetId = r.GetString(8),
        Before = r.GetStringOrNull(9),
        After = r.GetStringOrNull(10),
        RequestId = r.GetString(11),
    };

    /// <summary>The statement appending <paramref name="records"/>, in that order.</summary>
    public static NpgsqlBatchCommand Append(IReadOnlyList<AuditRecord> records) => SqlValues.Statement(AppendSql,
        SqlValues.TextArray(records.Select(a => a.Id)),
        SqlValues.ValueArray(records.Select(a => SqlValues.ToTicks(a.Timestamp))),
        SqlValues.TextArray(records.Select(a => a.Actor)),
        SqlValues.TextArray(records.Select(a => a.ActorKeyId)),
        SqlValues.TextArray(records.Select(a => a.OrganizationId)),
        SqlValues.TextArray(records.Select(a => a.Action)),
        SqlValues.TextArray(records.Select(a => a.Operation)),
        SqlValues.TextArray(records.Select(a => a.TargetType)),
        SqlValues.TextArray(records.Select(a => a.TargetId)),
        SqlValues.TextArray(records.Select(a => a.Before)),
        SqlValues.TextArray(records.Select(a => a.After)),
        SqlValues.TextArray(records.Select(a => a.RequestId)));
}

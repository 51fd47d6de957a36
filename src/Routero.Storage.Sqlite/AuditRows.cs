using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

/// <summary>The <c>audit_log</c> row layout: its column list, reading and binding a row.</summary>
internal static class AuditRows
{
    public const string Columns =
        "id, ts, actor, actor_key_id, organization_id, action, operation, target_type, target_id, before_value, after_value, request_id";

    public const string InsertSql = $"""
        INSERT INTO audit_log ({Columns})
        VALUES ($id, $ts, $actor, $actor_key, $org, $action, $operation, $target_type, $target_id, $before, $after, $request);
        """;

    public static AuditRecord Read(SqliteDataReader r) => new()
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

    public static void Bind(SqliteCommand command, AuditRecord a)
    {
        var p = command.Parameters;
        p.Clear();
        p.Add("$id", a.Id);
        p.Add("$ts", SqlValues.ToTicks(a.Timestamp));
        p.Add("$actor", a.Actor);
        p.Add("$actor_key", a.ActorKeyId);
        p.Add("$org", a.OrganizationId);
        p.Add("$action", a.Action);
        p.Add("$operation", a.Operation);
        p.Add("$target_type", a.TargetType);
        p.Add("$target_id", a.TargetId);
        p.Add("$before", a.Before);
        p.Add("$after", a.After);
        p.Add("$request", a.RequestId);
    }
}

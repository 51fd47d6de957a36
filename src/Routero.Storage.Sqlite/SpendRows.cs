using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

/// <summary>The <c>spend_logs</c> row layout: its column list, and reading and binding a row.</summary>
internal static class SpendRows
{
    public const string Columns =
        "request_id, ts, key_id, team_id, user_id, organization_id, customer_id, model, deployment, call_type, " +
        "prompt_tokens, completion_tokens, spend_nanos, usage_estimated, status";

    private const string Parameters =
        "$request_id, $ts, $key_id, $team_id, $user_id, $organization_id, $customer_id, $model, $deployment, $call_type, " +
        "$prompt_tokens, $completion_tokens, $spend_nanos, $usage_estimated, $status";

    // Idempotent on request id: a retried batch re-sends rows already written. ON CONFLICT (request_id)
    // ignores only that collision, where INSERT OR IGNORE would also swallow NOT NULL violations.
    public const string InsertSql = $"INSERT INTO spend_logs ({Columns}) VALUES ({Parameters}) ON CONFLICT (request_id) DO NOTHING;";

    public static SpendRecord Read(SqliteDataReader r) => new()
    {
        RequestId = r.GetString(0),
        Timestamp = SqlValues.FromTicks(r.GetInt64(1)),
        KeyId = r.GetString(2),
        TeamId = r.GetStringOrNull(3),
        UserId = r.GetStringOrNull(4),
        OrganizationId = r.GetStringOrNull(5),
        CustomerId = r.GetStringOrNull(6),
        Model = r.GetString(7),
        Deployment = r.GetStringOrNull(8),
        CallType = r.GetString(9),
        PromptTokens = r.GetInt32(10),
        CompletionTokens = r.GetInt32(11),
        SpendNanos = r.GetInt64(12),
        UsageEstimated = r.GetInt64(13) != 0,
        Status = r.GetInt32(14),
    };

    /// <summary>Declares the insert's parameters once, so one prepared command serves every row.</summary>
    public static void Declare(SqliteCommand command)
    {
        foreach (var name in Parameters.Split(", "))
        {
            command.Parameters.Add(name, null);
        }
    }

    /// <summary>Binds a row to a command <see cref="Declare"/>d before (by position: no name lookups per row).</summary>
    public static void Bind(SqliteCommand command, SpendRecord s)
    {
        var p = command.Parameters;
        p[0].Value = s.RequestId;
        p[1].Value = SqlValues.ToTicks(s.Timestamp);
        p[2].Value = s.KeyId;
        p[3].Value = (object?)s.TeamId ?? DBNull.Value;
        p[4].Value = (object?)s.UserId ?? DBNull.Value;
        p[5].Value = (object?)s.OrganizationId ?? DBNull.Value;
        p[6].Value = (object?)s.CustomerId ?? DBNull.Value;
        p[7].Value = s.Model;
        p[8].Value = (object?)s.Deployment ?? DBNull.Value;
        p[9].Value = s.CallType;
        p[10].Value = s.PromptTokens;
        p[11].Value = s.CompletionTokens;
        p[12].Value = s.SpendNanos;
        p[13].Value = s.UsageEstimated ? 1 : 0;
        p[14].Value = s.Status;
    }
}

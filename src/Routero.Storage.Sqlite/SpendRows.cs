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

    /// <summary>The insert's parameters, in the order <see cref="Bind"/> binds them.</summary>
    public static readonly string[] ParameterNames = Parameters.Split(", ");

    /// <summary>Binds a row to the insert, prepared with <see cref="ParameterNames"/>.</summary>
    public static void Bind(RawStatement insert, SpendRecord s)
    {
        insert.Bind(0, s.RequestId);
        insert.Bind(1, SqlValues.ToTicks(s.Timestamp));
        insert.Bind(2, s.KeyId);
        insert.Bind(3, s.TeamId);
        insert.Bind(4, s.UserId);
        insert.Bind(5, s.OrganizationId);
        insert.Bind(6, s.CustomerId);
        insert.Bind(7, s.Model);
        insert.Bind(8, s.Deployment);
        insert.Bind(9, s.CallType);
        insert.Bind(10, s.PromptTokens);
        insert.Bind(11, s.CompletionTokens);
        insert.Bind(12, s.SpendNanos);
        insert.Bind(13, s.UsageEstimated ? 1 : 0);
        insert.Bind(14, s.Status);
    }
}

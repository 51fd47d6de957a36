using Npgsql;

namespace Routero.Storage.Postgres;

/// <summary>The <c>spend_logs</c> row layout: its column list, and reading and binding a row.</summary>
internal static class SpendRows
{
    public const string Columns =
        "request_id, ts, key_id, team_id, user_id, organization_id, customer_id, model, deployment, call_type, " +
        "prompt_tokens, completion_tokens, spend_nanos, usage_estimated, status";

    // Idempotent on request id: a retried batch re-sends rows already written. The conflict target names
    // request_id so that only that collision is ignored, never another constraint's violation.
    public const string InsertSql =
        $"INSERT INTO spend_logs ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) " +
        "ON CONFLICT (request_id) DO NOTHING";

    public static SpendRecord Read(NpgsqlDataReader r) => new()
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
        UsageEstimated = r.GetBoolean(13),
        Status = r.GetInt32(14),
    };

    public static NpgsqlBatchCommand Insert(SpendRecord s) => SqlValues.Statement(InsertSql,
        SqlValues.Text(s.RequestId),
        SqlValues.Long(SqlValues.ToTicks(s.Timestamp)),
        SqlValues.Text(s.KeyId),
        SqlValues.Text(s.TeamId),
        SqlValues.Text(s.UserId),
        SqlValues.Text(s.OrganizationId),
        SqlValues.Text(s.CustomerId),
        SqlValues.Text(s.Model),
        SqlValues.Text(s.Deployment),
        SqlValues.Text(s.CallType),
        SqlValues.Int(s.PromptTokens),
        SqlValues.Int(s.CompletionTokens),
        SqlValues.Long(s.SpendNanos),
        SqlValues.Bool(s.UsageEstimated),
        SqlValues.Int(s.Status));
}

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

    public static void Bind(SqliteCommand command, SpendRecord s)
    {
        var p = command.Parameters;
        p.Clear();
        p.Add("$request_id", s.RequestId);
        p.Add("$ts", SqlValues.ToTicks(s.Timestamp));
        p.Add("$key_id", s.KeyId);
        p.Add("$team_id", s.TeamId);
        p.Add("$user_id", s.UserId);
        p.Add("$organization_id", s.OrganizationId);
        p.Add("$customer_id", s.CustomerId);
        p.Add("$model", s.Model);
        p.Add("$deployment", s.Deployment);
        p.Add("$call_type", s.CallType);
        p.Add("$prompt_tokens", s.PromptTokens);
        p.Add("$completion_tokens", s.CompletionTokens);
        p.Add("$spend_nanos", s.SpendNanos);
        p.Add("$usage_estimated", s.UsageEstimated ? 1 : 0);
        p.Add("$status", s.Status);
    }
}

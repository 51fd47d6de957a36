using Npgsql;

namespace Routero.Storage.Postgres;

/// <summary>
/// The <c>spend_logs</c> row layout: its column list, reading a row, and the statement that appends a
/// batch of rows and adds them to <c>daily_spend</c>.
/// </summary>
internal static class SpendRows
{
    public const string Columns =
        "request_id, ts, key_id, team_id, user_id, organization_id, customer_id, model, deployment, call_type, " +
        "prompt_tokens, completion_tokens, spend_nanos, usage_estimated, status";

    // One statement, one column array per parameter, for the whole batch. Idempotent on request id: a
    // retried batch re-sends rows already written; the conflict target names request_id so that only that
    // collision is ignored. RETURNING yields exactly the rows appended, so a re-sent record is never
    // counted twice. The aggregate consumes every appended row before it emits one, so the log's rows are
    // all locked (in the caller's request-id order) before any daily row, and those in primary-key order:
    // one global lock order for every silo. Sums as in DailySpendRow: the UTC day (ticks / ticks per day
    // counts days from 0001-01-01, as .NET does), levels 5 key, 3 user, 2 team, 1 organization, 4 customer.
    public const string AppendSql = $"""
        WITH appended AS (
            INSERT INTO spend_logs ({Columns})
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::integer[], $12::integer[], $13::bigint[], $14::boolean[], $15::integer[])
            ON CONFLICT (request_id) DO NOTHING
            RETURNING ts, key_id, user_id, team_id, organization_id, customer_id, model, status,
                prompt_tokens, completion_tokens, spend_nanos
        )
        INSERT INTO daily_spend ({DailySpendRows.Columns})
        SELECT to_char(date '0001-01-01' + (a.ts / 864000000000)::integer, 'YYYYMMDD')::integer,
               l.kind, l.id, a.model, a.key_id, count(*),
               count(*) FILTER (WHERE a.status BETWEEN 200 AND 299), count(*) FILTER (WHERE a.status NOT BETWEEN 200 AND 299),
               sum(a.prompt_tokens), sum(a.completion_tokens), sum(a.spend_nanos)
        FROM appended a
        CROSS JOIN LATERAL (VALUES (5, a.key_id), (3, a.user_id), (2, a.team_id), (1, a.organization_id),
            (4, CASE WHEN a.customer_id IS NOT NULL THEN coalesce(a.organization_id, '') || '|' || a.customer_id END)) AS l (kind, id)
        WHERE l.id IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 2, 3, 1, 4, 5
        ON CONFLICT (level_kind, level_id, day, model, key_id) DO UPDATE SET
            requests = daily_spend.requests + excluded.requests,
            successful = daily_spend.successful + excluded.successful,
            failed = daily_spend.failed + excluded.failed,
            prompt_tokens = daily_spend.prompt_tokens + excluded.prompt_tokens,
            completion_tokens = daily_spend.completion_tokens + excluded.completion_tokens,
            spend_nanos = daily_spend.spend_nanos + excluded.spend_nanos
        """;

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

    /// <summary>The statement appending <paramref name="s"/>, whose request ids must be distinct, in that order.</summary>
    public static NpgsqlBatchCommand Append(SpendRecord[] s) => SqlValues.Statement(AppendSql,
        SqlValues.TextArray(s, static r => r.RequestId),
        SqlValues.ValueArray(s, static r => SqlValues.ToTicks(r.Timestamp)),
        SqlValues.TextArray(s, static r => r.KeyId),
        SqlValues.TextArray(s, static r => r.TeamId),
        SqlValues.TextArray(s, static r => r.UserId),
        SqlValues.TextArray(s, static r => r.OrganizationId),
        SqlValues.TextArray(s, static r => r.CustomerId),
        SqlValues.TextArray(s, static r => r.Model),
        SqlValues.TextArray(s, static r => r.Deployment),
        SqlValues.TextArray(s, static r => r.CallType),
        SqlValues.ValueArray(s, static r => r.PromptTokens),
        SqlValues.ValueArray(s, static r => r.CompletionTokens),
        SqlValues.ValueArray(s, static r => r.SpendNanos),
        SqlValues.ValueArray(s, static r => r.UsageEstimated),
        SqlValues.ValueArray(s, static r => r.Status));
}

namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// Daily aggregates per level, model and key, kept in step with <c>spend_logs</c> by the group commit.
/// <c>day</c> is the UTC day as the integer yyyymmdd (20250314): readable, and ordered as days are. The
/// primary key leads with the level, so one level's range of days (the only query) is an index range scan
/// already in the listing order. Records written before this step are summed in, so the table starts in
/// step with the log.
/// </summary>
internal static class V0002DailySpend
{
    public const string Sql = """
        CREATE TABLE daily_spend (
            day               INTEGER NOT NULL,
            level_kind        INTEGER NOT NULL,
            level_id          TEXT    NOT NULL,
            model             TEXT    NOT NULL,
            key_id            TEXT    NOT NULL,
            requests          INTEGER NOT NULL,
            successful        INTEGER NOT NULL,
            failed            INTEGER NOT NULL,
            prompt_tokens     INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            spend_nanos       INTEGER NOT NULL,
            PRIMARY KEY (level_kind, level_id, day, model, key_id)
        ) WITHOUT ROWID;

        -- Ticks / ticks per day is the day number since 0001-01-01, which is how .NET counts days.
        -- Level kinds: 1 organization, 2 team, 3 user, 4 customer ("{organization}|{customer}"), 5 key.
        WITH logs AS (
            SELECT CAST(strftime('%Y%m%d', '0001-01-01', '+' || (ts / 864000000000) || ' days') AS INTEGER) AS day,
                   key_id, user_id, team_id, organization_id, customer_id, model, status,
                   prompt_tokens, completion_tokens, spend_nanos
            FROM spend_logs
        ),
        levels AS (
            SELECT 5 AS level_kind, key_id AS level_id, * FROM logs
            UNION ALL SELECT 3, user_id, * FROM logs WHERE user_id IS NOT NULL
            UNION ALL SELECT 2, team_id, * FROM logs WHERE team_id IS NOT NULL
            UNION ALL SELECT 1, organization_id, * FROM logs WHERE organization_id IS NOT NULL
            UNION ALL SELECT 4, COALESCE(organization_id, '') || '|' || customer_id, * FROM logs WHERE customer_id IS NOT NULL
        )
        INSERT INTO daily_spend (day, level_kind, level_id, model, key_id, requests, successful, failed,
                                 prompt_tokens, completion_tokens, spend_nanos)
        SELECT day, level_kind, level_id, model, key_id, COUNT(*),
               SUM(status BETWEEN 200 AND 299), SUM(status NOT BETWEEN 200 AND 299),
               SUM(prompt_tokens), SUM(completion_tokens), SUM(spend_nanos)
        FROM levels
        GROUP BY level_kind, level_id, day, model, key_id;
        """;
}

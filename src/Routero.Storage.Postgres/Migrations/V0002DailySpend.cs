namespace Routero.Storage.Postgres.Migrations;

/// <summary>
/// Daily aggregates per level, model and key, kept in step with <c>spend_logs</c> by the group commit; the
/// same table and meaning as the SQLite store's. <c>day</c> is the UTC day as the integer yyyymmdd
/// (20250314). The primary key leads with the level, so one level's range of days (the only query) is an
/// index range scan already in the listing order; ids and models sort in byte order ("C"), as SQLite's do.
/// Records written before this step are summed in, so the table starts in step with the log.
/// </summary>
internal static class V0002DailySpend
{
    public const string Sql = """
        CREATE TABLE daily_spend (
            day               integer          NOT NULL,
            level_kind        integer          NOT NULL,
            level_id          text COLLATE "C" NOT NULL,
            model             text COLLATE "C" NOT NULL,
            key_id            text COLLATE "C" NOT NULL,
            requests          bigint           NOT NULL,
            successful        bigint           NOT NULL,
            failed            bigint           NOT NULL,
            prompt_tokens     bigint           NOT NULL,
            completion_tokens bigint           NOT NULL,
            spend_nanos       bigint           NOT NULL,
            PRIMARY KEY (level_kind, level_id, day, model, key_id)
        );

        -- Ticks / ticks per day is the day number since 0001-01-01, which is how .NET counts days.
        -- Level kinds: 1 organization, 2 team, 3 user, 4 customer ("{organization}|{customer}"), 5 key.
        INSERT INTO daily_spend (day, level_kind, level_id, model, key_id, requests, successful, failed,
                                 prompt_tokens, completion_tokens, spend_nanos)
        SELECT to_char(date '0001-01-01' + (s.ts / 864000000000)::integer, 'YYYYMMDD')::integer,
               l.kind, l.id, s.model, s.key_id, count(*),
               count(*) FILTER (WHERE s.status BETWEEN 200 AND 299), count(*) FILTER (WHERE s.status NOT BETWEEN 200 AND 299),
               sum(s.prompt_tokens), sum(s.completion_tokens), sum(s.spend_nanos)
        FROM spend_logs s
        CROSS JOIN LATERAL (VALUES (5, s.key_id), (3, s.user_id), (2, s.team_id), (1, s.organization_id),
            (4, CASE WHEN s.customer_id IS NOT NULL THEN coalesce(s.organization_id, '') || '|' || s.customer_id END)) AS l (kind, id)
        WHERE l.id IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5;
        """;
}

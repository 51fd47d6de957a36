namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// The first schema. Every timestamp column holds UTC ticks (INTEGER): exact round trips, and range
/// filters are integer comparisons.
/// </summary>
internal static class V0001Initial
{
    public const string Sql = """
        CREATE TABLE entities (
            kind            INTEGER NOT NULL,
            id              TEXT    NOT NULL,
            organization_id TEXT,
            team_id         TEXT,
            user_id         TEXT,
            alias           TEXT,
            key_hash        TEXT    UNIQUE,
            json            TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (kind, id)
        );
        -- Filter columns lead, the listing order (created_at, id) follows, so a page is an index range scan.
        CREATE INDEX ix_entities_created      ON entities (kind, created_at, id);
        CREATE INDEX ix_entities_organization ON entities (kind, organization_id, created_at, id);
        CREATE INDEX ix_entities_team         ON entities (kind, team_id, created_at, id);
        CREATE INDEX ix_entities_user         ON entities (kind, user_id, created_at, id);
        CREATE INDEX ix_entities_alias        ON entities (kind, alias, created_at, id);

        CREATE TABLE memberships (
            scope_kind INTEGER NOT NULL,
            scope_id   TEXT    NOT NULL,
            user_id    TEXT    NOT NULL,
            role       TEXT    NOT NULL,
            team_id    TEXT,
            PRIMARY KEY (scope_kind, scope_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_memberships_user ON memberships (user_id);

        CREATE TABLE budget_counters (
            kind                 INTEGER NOT NULL,
            id                   TEXT    NOT NULL,
            window_start         INTEGER NOT NULL,
            window_spent_nanos   INTEGER NOT NULL,
            lifetime_spent_nanos INTEGER NOT NULL,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;

        CREATE TABLE spend_logs (
            request_id        TEXT    NOT NULL PRIMARY KEY,
            ts                INTEGER NOT NULL,
            key_id            TEXT    NOT NULL,
            team_id           TEXT,
            user_id           TEXT,
            organization_id   TEXT,
            customer_id       TEXT,
            model             TEXT    NOT NULL,
            deployment        TEXT,
            call_type         TEXT    NOT NULL,
            prompt_tokens     INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            spend_nanos       INTEGER NOT NULL,
            usage_estimated   INTEGER NOT NULL,
            status            INTEGER NOT NULL
        );
        CREATE INDEX ix_spend_ts           ON spend_logs (ts);
        CREATE INDEX ix_spend_key          ON spend_logs (key_id, ts);
        CREATE INDEX ix_spend_team         ON spend_logs (team_id, ts);
        CREATE INDEX ix_spend_user         ON spend_logs (user_id, ts);
        CREATE INDEX ix_spend_organization ON spend_logs (organization_id, ts);
        CREATE INDEX ix_spend_customer     ON spend_logs (customer_id, ts);
        """;
}

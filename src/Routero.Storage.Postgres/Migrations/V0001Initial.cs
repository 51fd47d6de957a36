namespace Routero.Storage.Postgres.Migrations;

/// <summary>
/// The first schema, the same tables and meaning as the SQLite store's. Every timestamp column holds UTC
/// ticks (<c>bigint</c>): exact round trips to 100 ns, where timestamptz would round to microseconds, and
/// range filters are integer comparisons. Identifier columns use the "C" collation: byte order, as SQLite
/// sorts, whatever locale the database was created with, and plain btree indexes serve equality and order.
/// JSON is kept as <c>text</c>, not jsonb, so it reads back exactly as written (jsonb reorders keys and
/// drops whitespace).
/// </summary>
internal static class V0001Initial
{
    public const string Sql = """
        CREATE TABLE entities (
            kind            integer            NOT NULL,
            id              text COLLATE "C"   NOT NULL,
            organization_id text COLLATE "C",
            team_id         text COLLATE "C",
            user_id         text COLLATE "C",
            alias           text COLLATE "C",
            key_hash        text COLLATE "C"   UNIQUE,
            json            text               NOT NULL,
            version         bigint             NOT NULL,
            created_at      bigint             NOT NULL,
            updated_at      bigint             NOT NULL,
            PRIMARY KEY (kind, id)
        );
        -- Filter columns lead, the listing order (created_at, id) follows, so a page is an index range scan.
        CREATE INDEX ix_entities_created      ON entities (kind, created_at, id);
        CREATE INDEX ix_entities_organization ON entities (kind, organization_id, created_at, id);
        CREATE INDEX ix_entities_team         ON entities (kind, team_id, created_at, id);
        CREATE INDEX ix_entities_user         ON entities (kind, user_id, created_at, id);
        CREATE INDEX ix_entities_alias        ON entities (kind, alias, created_at, id);

        CREATE TABLE memberships (
            scope_kind integer          NOT NULL,
            scope_id   text COLLATE "C" NOT NULL,
            user_id    text COLLATE "C" NOT NULL,
            role       text             NOT NULL,
            team_id    text COLLATE "C",
            PRIMARY KEY (scope_kind, scope_id, user_id)
        );
        CREATE INDEX ix_memberships_user ON memberships (user_id, scope_kind, scope_id);

        CREATE TABLE budget_counters (
            kind                 integer          NOT NULL,
            id                   text COLLATE "C" NOT NULL,
            window_start         bigint           NOT NULL,
            window_spent_nanos   bigint           NOT NULL,
            lifetime_spent_nanos bigint           NOT NULL,
            PRIMARY KEY (kind, id)
        );

        CREATE TABLE spend_logs (
            request_id        text COLLATE "C" NOT NULL PRIMARY KEY,
            ts                bigint           NOT NULL,
            key_id            text COLLATE "C" NOT NULL,
            team_id           text COLLATE "C",
            user_id           text COLLATE "C",
            organization_id   text COLLATE "C",
            customer_id       text COLLATE "C",
            model             text             NOT NULL,
            deployment        text,
            call_type         text             NOT NULL,
            prompt_tokens     integer          NOT NULL,
            completion_tokens integer          NOT NULL,
            spend_nanos       bigint           NOT NULL,
            usage_estimated   boolean          NOT NULL,
            status            integer          NOT NULL
        );
        -- The listing order is (ts DESC, request_id DESC); btree indexes scan backwards just as well.
        CREATE INDEX ix_spend_ts           ON spend_logs (ts, request_id);
        CREATE INDEX ix_spend_key          ON spend_logs (key_id, ts);
        CREATE INDEX ix_spend_team         ON spend_logs (team_id, ts);
        CREATE INDEX ix_spend_user         ON spend_logs (user_id, ts);
        CREATE INDEX ix_spend_organization ON spend_logs (organization_id, ts);
        CREATE INDEX ix_spend_customer     ON spend_logs (customer_id, ts);
        """;
}

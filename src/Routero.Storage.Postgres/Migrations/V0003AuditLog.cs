namespace Routero.Storage.Postgres.Migrations;

/// <summary>
/// The audit log, the same table and meaning as the SQLite store's: one row per audited change of one object,
/// appended by the admin change's own transaction. <c>seq</c> orders rows of one instant (one commit writes
/// several at the same <c>ts</c>); listings run newest first on (ts, seq), and every filter column leads an
/// index ending in that order. Ids sort in byte order ("C"). Before and after values are kept as <c>text</c>,
/// exactly as written. A trigger makes the table append-only: an audit trail an UPDATE could rewrite proves nothing.
/// </summary>
internal static class V0003AuditLog
{
    public const string Sql = """
        CREATE TABLE audit_log (
            seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id              text COLLATE "C" NOT NULL UNIQUE,
            ts              bigint           NOT NULL,
            actor           text COLLATE "C" NOT NULL,
            actor_key_id    text COLLATE "C",
            organization_id text COLLATE "C",
            action          text COLLATE "C" NOT NULL,
            operation       text COLLATE "C" NOT NULL,
            target_type     text COLLATE "C" NOT NULL,
            target_id       text COLLATE "C" NOT NULL,
            before_value    text,
            after_value     text,
            request_id      text COLLATE "C" NOT NULL
        );
        CREATE INDEX ix_audit_ts           ON audit_log (ts, seq);
        CREATE INDEX ix_audit_organization ON audit_log (organization_id, ts, seq);
        CREATE INDEX ix_audit_target       ON audit_log (target_type, target_id, ts, seq);
        CREATE INDEX ix_audit_actor        ON audit_log (actor, ts, seq);
        CREATE INDEX ix_audit_request      ON audit_log (request_id);

        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only';
        END
        $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """;
}

namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// The audit log: one row per audited change of one object, appended by the admin change's own transaction.
/// <c>seq</c> orders rows of one instant (one commit writes several at the same <c>ts</c>); listings run
/// newest first on (ts, seq), and every filter column leads an index ending in that order. Triggers make the
/// table append-only: an audit trail that an UPDATE could rewrite proves nothing.
/// </summary>
internal static class V0003AuditLog
{
    public const string Sql = """
        CREATE TABLE audit_log (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            id              TEXT    NOT NULL UNIQUE,
            ts              INTEGER NOT NULL,
            actor           TEXT    NOT NULL,
            actor_key_id    TEXT,
            organization_id TEXT,
            action          TEXT    NOT NULL,
            operation       TEXT    NOT NULL,
            target_type     TEXT    NOT NULL,
            target_id       TEXT    NOT NULL,
            before_value    TEXT,
            after_value     TEXT,
            request_id      TEXT    NOT NULL
        );
        CREATE INDEX ix_audit_ts           ON audit_log (ts, seq);
        CREATE INDEX ix_audit_organization ON audit_log (organization_id, ts, seq);
        CREATE INDEX ix_audit_target       ON audit_log (target_type, target_id, ts, seq);
        CREATE INDEX ix_audit_actor        ON audit_log (actor, ts, seq);
        CREATE INDEX ix_audit_request      ON audit_log (request_id);

        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """;
}

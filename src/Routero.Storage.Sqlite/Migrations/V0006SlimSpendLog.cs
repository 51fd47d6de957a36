namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// A slimmer spend log, for the group commit's sake. Before, <c>spend_logs</c> was keyed by its random text
/// request id and carried six secondary indexes, so one record dirtied about eight B-tree pages (each a full
/// 4 KB frame in the WAL, per commit). Now rows append to an integer rowid; the request id keeps one unique
/// index (idempotent retries need it; the relay's ids are time-ordered, so it appends too) and the time index
/// stays for listing. The per-level indexes go: per-level questions are answered by <c>daily_spend</c> and the
/// budget counters, and a per-level listing of the raw log is a time-range scan. Rows are copied in time order.
/// (Versions 3 to 5 are other branches' steps; versions are applied by number, whatever the gaps.)
/// </summary>
internal static class V0006SlimSpendLog
{
    private const string Columns =
        "request_id, ts, key_id, team_id, user_id, organization_id, customer_id, model, deployment, call_type, " +
        "prompt_tokens, completion_tokens, spend_nanos, usage_estimated, status";

    public const string Sql = $"""
        CREATE TABLE spend_logs_v6 (
            seq               INTEGER PRIMARY KEY,
            request_id        TEXT    NOT NULL UNIQUE,
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
        INSERT INTO spend_logs_v6 ({Columns}) SELECT {Columns} FROM spend_logs ORDER BY ts, request_id;
        DROP TABLE spend_logs;
        ALTER TABLE spend_logs_v6 RENAME TO spend_logs;
        CREATE INDEX ix_spend_ts ON spend_logs (ts);
        """;
}

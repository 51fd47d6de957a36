namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// Organization settings (alerting) and the budget-alert claims that keep an alert to one per level, window and
/// threshold across silos. Timestamps are UTC ticks, as everywhere. Claims are looked up by their primary key only;
/// the window-end index serves pruning.
/// </summary>
internal static class V0004BudgetAlerts
{
    public const string Sql = """
        CREATE TABLE organization_settings (
            organization_id TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            json            TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (organization_id, name)
        ) WITHOUT ROWID;

        CREATE TABLE budget_alerts (
            level_kind      INTEGER NOT NULL,
            level_id        TEXT    NOT NULL,
            window_start    INTEGER NOT NULL,
            threshold       TEXT    NOT NULL,
            window_end      INTEGER,
            organization_id TEXT,
            claimed_at      INTEGER NOT NULL,
            claimed_by      TEXT,
            PRIMARY KEY (level_kind, level_id, window_start, threshold)
        ) WITHOUT ROWID;
        CREATE INDEX ix_budget_alerts_window_end ON budget_alerts (window_end) WHERE window_end IS NOT NULL;
        """;
}

namespace Routero.Storage.Postgres.Migrations;

/// <summary>
/// Organization settings (alerting) and the budget-alert claims that keep an alert to one per level, window and
/// threshold across the silos of a cluster: the claim is an insert on the primary key, which exactly one silo wins.
/// The same tables and meaning as the SQLite store's; ticks, "C" collation and text JSON as in V0001.
/// </summary>
internal static class V0004BudgetAlerts
{
    public const string Sql = """
        CREATE TABLE organization_settings (
            organization_id text COLLATE "C" NOT NULL,
            name            text COLLATE "C" NOT NULL,
            json            text             NOT NULL,
            version         bigint           NOT NULL,
            updated_at      bigint           NOT NULL,
            PRIMARY KEY (organization_id, name)
        );

        CREATE TABLE budget_alerts (
            level_kind      integer          NOT NULL,
            level_id        text COLLATE "C" NOT NULL,
            window_start    bigint           NOT NULL,
            threshold       text COLLATE "C" NOT NULL,
            window_end      bigint,
            organization_id text COLLATE "C",
            claimed_at      bigint           NOT NULL,
            claimed_by      text,
            PRIMARY KEY (level_kind, level_id, window_start, threshold)
        );
        CREATE INDEX ix_budget_alerts_window_end ON budget_alerts (window_end) WHERE window_end IS NOT NULL;
        """;
}

namespace Routero.Storage.Sqlite.Migrations;

/// <summary>The ordered schema history of the SQLite store.</summary>
internal static class Schema
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, V0001Initial.Sql),
        new(2, V0002DailySpend.Sql),
        new(3, V0003AuditLog.Sql),
        new(4, V0004BudgetAlerts.Sql),
        new(6, V0006SlimSpendLog.Sql),
        new(7, V0007SpendJournal.Sql),
    ];
}

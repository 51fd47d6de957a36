using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite.Migrations;

/// <summary>
/// Applies missing migrations, each in its own write transaction. Safe against a second process doing the
/// same: BEGIN IMMEDIATE serialises the two, and the loser re-checks and finds the step already applied.
/// </summary>
internal static class Migrator
{
    public static async Task ApplyAsync(SqliteConnection connection, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await ExecuteAsync(connection, null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", ct);
        var applied = await AppliedVersionsAsync(connection, null, ct);
        foreach (var migration in migrations)
        {
            // Fast path: an up-to-date file never takes the write lock.
            if (applied.Contains(migration.Version))
            {
                continue;
            }
            await ApplyOneAsync(connection, migration, ct);
        }
    }

    private static async Task ApplyOneAsync(SqliteConnection connection, Migration migration, CancellationToken ct)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Re-check under the write lock: another process may have applied it since the fast-path read.
        if ((await AppliedVersionsAsync(connection, transaction, ct)).Contains(migration.Version))
        {
            return;
        }
        await ExecuteAsync(connection, transaction, migration.Sql, ct);
        await using var record = connection.CreateCommand();
        record.Transaction = transaction;
        // SQLite's own clock: applied_at is informational and not worth threading a TimeProvider through.
        record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
        record.Parameters.AddWithValue("$v", migration.Version);
        await record.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_migrations;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}

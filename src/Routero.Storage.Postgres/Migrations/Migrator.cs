using Npgsql;

namespace Routero.Storage.Postgres.Migrations;

/// <summary>
/// Applies missing migrations, each in its own transaction under a transaction-scoped advisory lock, so
/// silos that start together take turns: the first applies a step, the others wait, re-check and find it
/// applied. A failed step rolls back whole (PostgreSQL DDL is transactional) and releases the lock.
/// </summary>
internal static class Migrator
{
    // pg_advisory_xact_lock(int, int): the first key is Routero's ("ROUT" in ASCII), the second the schema
    // the tables go to, so deployments in different schemas of one database do not wait for each other.
    private const int LockClass = 0x524F5554;

    private const string LockSql = "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))";

    // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
    private const string CreateLedgerSql =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Fast path: an up-to-date database never takes the lock.
        var applied = await AppliedVersionsAsync(connection, null, ct);
        foreach (var migration in migrations)
        {
            if (!applied.Contains(migration.Version))
            {
                await ApplyOneAsync(connection, migration, ct);
            }
        }
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction))
        {
            lockCommand.Parameters.Add(SqlValues.Int(LockClass));
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        await ExecuteAsync(connection, transaction, CreateLedgerSql, ct);
        // Re-check under the lock: another silo may have applied it since the fast-path read.
        if ((await AppliedVersionsAsync(connection, transaction, ct)).Contains(migration.Version))
        {
            return;
        }
        await ExecuteAsync(connection, transaction, migration.Sql, ct);
        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES ($1)", connection, transaction))
        {
            record.Parameters.Add(SqlValues.Int(migration.Version));
            await record.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var versions = new HashSet<int>();
        // to_regclass resolves through search_path, and is null (not an error) before the first migration.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return versions;
            }
        }
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}

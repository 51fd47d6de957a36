using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // ON CONFLICT DO NOTHING (rather than catching an exception) turns an id or key-hash collision into
    // "0 rows changed", a plain value on an expected path.
    private const string InsertEntitySql = $"""
        INSERT INTO entities ({EntityRows.Columns})
        VALUES ($kind, $id, $org, $team, $user, $alias, $hash, $json, $version, $created, $updated)
        ON CONFLICT DO NOTHING;
        """;

    // created_at is the creation time: an update keeps the stored one whatever the caller sends.
    private const string UpdateEntitySql = """
        UPDATE entities
        SET organization_id = $org, team_id = $team, user_id = $user, alias = $alias, key_hash = $hash,
            json = $json, version = $version, updated_at = $updated
        WHERE kind = $kind AND id = $id AND version = $version - 1;
        """;

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(ChangeSet changes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return Task.FromResult(CommitResult.Ok);
        }
        return WriteAsync((connection, transaction, token) => ApplyAsync(connection, transaction, changes, token),
            result => result.Status == CommitStatus.Committed, ct);
    }

    private static async Task<CommitResult> ApplyAsync(SqliteConnection c, SqliteTransaction tx, ChangeSet changes, CancellationToken ct)
    {
        var result = await InsertAsync(c, tx, changes.Inserts, ct);
        if (result.Status == CommitStatus.Committed)
        {
            result = await UpdateAsync(c, tx, changes.Updates, ct);
        }
        if (result.Status == CommitStatus.Committed)
        {
            result = await DeleteAsync(c, tx, changes.Deletes, ct);
        }
        if (result.Status == CommitStatus.Committed)
        {
            await PutMembershipsAsync(c, tx, changes.PutMemberships, ct);
            await DeleteMembershipsAsync(c, tx, changes.DeleteMemberships, ct);
            // Last, and in the same transaction: a set that failed above rolls back without a trace.
            await AppendAuditAsync(c, tx, changes.Audit, ct);
        }
        return result;
    }

    private static async Task<CommitResult> InsertAsync(SqliteConnection c, SqliteTransaction tx, List<StoredEntity> inserts, CancellationToken ct)
    {
        await using var command = c.Command(InsertEntitySql, tx);
        EntityRows.Declare(command);
        foreach (var entity in inserts)
        {
            EntityRows.Bind(command, entity, version: 1);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                return new CommitResult(CommitStatus.Duplicate, entity.Kind, entity.Id);
            }
        }
        return CommitResult.Ok;
    }

    private static async Task<CommitResult> UpdateAsync(SqliteConnection c, SqliteTransaction tx, List<StoredEntity> updates, CancellationToken ct)
    {
        await using var command = c.Command(UpdateEntitySql, tx);
        EntityRows.Declare(command);
        foreach (var entity in updates)
        {
            EntityRows.Bind(command, entity, entity.Version);
            try
            {
                if (await command.ExecuteNonQueryAsync(ct) == 0)
                {
                    return new CommitResult(CommitStatus.Conflict, entity.Kind, entity.Id);
                }
            }
            catch (SqliteException e) when (e.IsConstraintViolation())
            {
                // A new key hash that another key already has: the same refusal as inserting it.
                return new CommitResult(CommitStatus.Duplicate, entity.Kind, entity.Id);
            }
        }
        return CommitResult.Ok;
    }

    private static async Task<CommitResult> DeleteAsync(
        SqliteConnection c, SqliteTransaction tx, List<(EntityKind Kind, string Id)> deletes, CancellationToken ct)
    {
        await using var delete = c.Command("DELETE FROM entities WHERE kind = $kind AND id = $id;", tx);
        // Memberships and counters hang off an object without foreign keys (counters are written for
        // levels storage never saw, e.g. customers), so the cascade is spelled out.
        await using var cascade = c.Command("""
            DELETE FROM memberships WHERE scope_kind = $kind AND scope_id = $id;
            DELETE FROM memberships WHERE $kind = $user_kind AND user_id = $id;
            DELETE FROM budget_counters WHERE kind = $kind AND id = $id;
            DELETE FROM budget_alerts WHERE level_kind = $kind AND level_id = $id;
            DELETE FROM organization_settings WHERE $kind = $org_kind AND organization_id = $id;
            """, tx);
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[delete, cascade])
        {
            command.Parameters.Add("$kind", null);
            command.Parameters.Add("$id", null);
        }
        cascade.Parameters.Add("$user_kind", (int)EntityKind.User);
        cascade.Parameters.Add("$org_kind", (int)EntityKind.Organization);
        foreach (var (kind, id) in deletes)
        {
            foreach (var command in (ReadOnlySpan<SqliteCommand>)[delete, cascade])
            {
                command.Parameters.Set("$kind", (int)kind);
                command.Parameters.Set("$id", id);
            }
            if (await delete.ExecuteNonQueryAsync(ct) == 0)
            {
                return new CommitResult(CommitStatus.Conflict, kind, id);
            }
            await cascade.ExecuteNonQueryAsync(ct);
        }
        return CommitResult.Ok;
    }
}

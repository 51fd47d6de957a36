using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    // ON CONFLICT DO NOTHING (with no target: the primary key and the key-hash index alike) turns a
    // collision into "0 rows inserted", a plain value on an expected path. Under READ COMMITTED it waits
    // for a concurrent insert of the same id and then sees it, so two silos never both create one object.
    private const string InsertEntitySql = $"""
        INSERT INTO entities ({EntityRows.Columns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT DO NOTHING
        """;

    // created_at ($10) is the creation time: an update keeps the stored one whatever the caller sends.
    // A concurrent update of the same row makes this one wait, then re-check the version against the
    // committed row: of two silos updating from one version, exactly one matches.
    private const string UpdateEntitySql = """
        UPDATE entities
        SET organization_id = $3, team_id = $4, user_id = $5, alias = $6, key_hash = $7,
            json = $8, version = $9, updated_at = $11
        WHERE kind = $1 AND id = $2 AND version = $9 - 1
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

    /// <summary>The whole set as one batch, in the SQLite store's order: inserts, updates, deletes, memberships, audit records.</summary>
    private static async Task<CommitResult> ApplyAsync(NpgsqlConnection c, NpgsqlTransaction tx, ChangeSet changes, CancellationToken ct)
    {
        await using var batch = new ChangeBatch(c, tx);
        foreach (var entity in changes.Inserts)
        {
            batch.Add(EntityRows.Statement(InsertEntitySql, entity, version: 1), entity.Kind, entity.Id, CommitStatus.Duplicate);
        }
        foreach (var entity in changes.Updates)
        {
            batch.Add(EntityRows.Statement(UpdateEntitySql, entity, entity.Version), entity.Kind, entity.Id, CommitStatus.Conflict);
        }
        foreach (var (kind, id) in changes.Deletes)
        {
            AddDelete(batch, kind, id);
        }
        foreach (var membership in changes.PutMemberships)
        {
            batch.Add(PutMembership(membership));
        }
        foreach (var (scopeKind, scopeId, userId) in changes.DeleteMemberships)
        {
            batch.Add(DeleteMembership(scopeKind, scopeId, userId));
        }
        if (changes.Audit.Count > 0)
        {
            // Last, and in the same transaction: a set that failed above rolls back without a trace.
            batch.Add(AuditRows.Append(changes.Audit));
        }
        return await batch.ExecuteAsync(ct);
    }

    private static void AddDelete(ChangeBatch batch, EntityKind kind, string id)
    {
        batch.Add(Keyed("DELETE FROM entities WHERE kind = $1 AND id = $2", kind, id), kind, id, CommitStatus.Conflict);
        // Memberships and counters hang off an object without foreign keys (counters are written for
        // levels storage never saw, e.g. customers), so the cascade is spelled out.
        batch.Add(Keyed("DELETE FROM memberships WHERE scope_kind = $1 AND scope_id = $2", kind, id));
        if (kind == EntityKind.User)
        {
            batch.Add(SqlValues.Statement("DELETE FROM memberships WHERE user_id = $1", SqlValues.Text(id)));
        }
        batch.Add(Keyed("DELETE FROM budget_counters WHERE kind = $1 AND id = $2", kind, id));
        batch.Add(Keyed("DELETE FROM budget_alerts WHERE level_kind = $1 AND level_id = $2", kind, id));
        if (kind == EntityKind.Organization)
        {
            batch.Add(SqlValues.Statement("DELETE FROM organization_settings WHERE organization_id = $1", SqlValues.Text(id)));
        }
    }

    /// <summary>A statement whose <c>$1</c> and <c>$2</c> are a kind and an id.</summary>
    private static NpgsqlBatchCommand Keyed(string sql, EntityKind kind, string id) =>
        SqlValues.Statement(sql, SqlValues.Int((int)kind), SqlValues.Text(id));
}

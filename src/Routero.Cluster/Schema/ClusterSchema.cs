using Npgsql;

namespace Routero.Schema;

/// <summary>
/// The cluster's own tables (ledger, leases, silos), created under an advisory lock so silos that start
/// together create them once. Kept apart from the store's schema: only cluster mode needs them.
/// </summary>
public static class ClusterSchema
{
    private const long LockId = 0x526F75746572_01; // "Router" + 1

    private const string Sql = """
        CREATE TABLE IF NOT EXISTS quota_buckets (
            bucket     text PRIMARY KEY,
            cap        bigint NOT NULL,
            spent      bigint NOT NULL DEFAULT 0,
            leased     bigint NOT NULL DEFAULT 0,
            touched_at bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS quota_leases (
            bucket     text   NOT NULL,
            silo_id    text   NOT NULL,
            remaining  bigint NOT NULL,
            expires_at bigint NOT NULL,
            PRIMARY KEY (bucket, silo_id)
        );
        -- What the silo debited from this lease and has not settled into the bucket yet (it moves into spent when the
        -- lease goes back): a batch's debit touches only the silo's own lease rows, never a bucket row that every
        -- silo's batches would queue on. Added by ALTER for databases created before the column, and only then: an
        -- ALTER locks the table out even when it has nothing to do, and silos that are serving debit it meanwhile.
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'quota_leases'::regclass AND attname = 'used' AND NOT attisdropped) THEN
                ALTER TABLE quota_leases ADD COLUMN used bigint NOT NULL DEFAULT 0;
            END IF;
        END $$;
        CREATE INDEX IF NOT EXISTS quota_leases_silo ON quota_leases (silo_id);
        CREATE INDEX IF NOT EXISTS quota_leases_expiry ON quota_leases (expires_at);
        CREATE TABLE IF NOT EXISTS silos (
            silo_id      text PRIMARY KEY,
            name         text NOT NULL,
            address      text,
            started_at   bigint NOT NULL,
            heartbeat_at bigint NOT NULL,
            status       text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cluster_changes (
            seq     bigserial PRIMARY KEY,
            kind    integer NOT NULL,
            id      text    NOT NULL,
            silo_id text    NOT NULL,
            at      bigint  NOT NULL
        );
        """;

    /// <summary>Creates the tables if missing.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource db, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockId})", connection, tx))
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(Sql, connection, tx))
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}

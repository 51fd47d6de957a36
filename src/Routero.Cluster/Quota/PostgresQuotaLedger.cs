using Npgsql;

using Routero.Clustering;

namespace Routero.Quota;

/// <summary>
/// The quota ledger on PostgreSQL. Each bucket row keeps <c>spent + leased ≤ cap</c>: a lease is granted by one
/// locked read-and-update (one round trip), sized to what the caller needs at least and, while the bucket is
/// far from exhaustion, a fair slice of what is left (shrinking with the remainder and with the number of live
/// silos), so near the end every silo leases per request and the last unit is exact.
/// </summary>
public sealed class PostgresQuotaLedger(NpgsqlDataSource db, ClusterIdentity silo, TimeProvider time, TimeSpan leaseDuration) : IQuotaLedger
{
    private const string UpsertBucketSql = """
        INSERT INTO quota_buckets (bucket, cap, touched_at) VALUES ($1, $2, $3)
        ON CONFLICT (bucket) DO UPDATE SET cap = EXCLUDED.cap, touched_at = EXCLUDED.touched_at
        """;

    // $1 bucket, $2 minimum, $3 want, $4 slice divisor, $5 silo, $6 lease expiry.
    private const string GrantSql = """
        WITH b AS (
            SELECT bucket, cap - spent - leased AS free FROM quota_buckets WHERE bucket = $1 FOR UPDATE
        ), g AS (
            SELECT bucket, CASE WHEN free >= $2 AND free > 0 THEN LEAST(free, GREATEST($3, free / $4)) ELSE 0 END AS amount FROM b
        ), u AS (
            UPDATE quota_buckets q SET leased = q.leased + g.amount FROM g WHERE q.bucket = g.bucket AND g.amount > 0 RETURNING g.amount
        )
        INSERT INTO quota_leases (bucket, silo_id, remaining, expires_at)
            SELECT $1, $5, amount, $6 FROM u
            ON CONFLICT (bucket, silo_id) DO UPDATE SET remaining = quota_leases.remaining + EXCLUDED.remaining, expires_at = EXCLUDED.expires_at
            RETURNING (SELECT amount FROM u)
        """;

    // $1 bucket, $2 silo, $3 settled on return (a rate window), $4 unused. What was debited from the lease (used)
    // becomes spent now; a rate window's lease holds what the silo took, so all of it but the unused part is spent too;
    // any other lease's remainder is freed.
    private const string ReturnSql = """
        WITH l AS (DELETE FROM quota_leases WHERE bucket = $1 AND silo_id = $2 RETURNING remaining, used),
        h AS (SELECT COALESCE(SUM(remaining), 0) AS held, COALESCE(SUM(used), 0) AS used FROM l)
        UPDATE quota_buckets SET leased = leased - h.held - h.used,
            spent = spent + h.used + CASE WHEN $3 THEN GREATEST(0, h.held - $4) ELSE 0 END
        FROM h WHERE bucket = $1;
        """;

    private const string GiveBackSql = """
        WITH l AS (UPDATE quota_leases SET remaining = remaining - $3 WHERE bucket = $1 AND silo_id = $2 AND remaining >= $3 RETURNING 1)
        UPDATE quota_buckets SET leased = leased - $3 WHERE bucket = $1 AND EXISTS (SELECT 1 FROM l);
        """;

    // One statement for a whole batch of debits ($1 buckets, $3 amounts, one per bucket, sorted). A debit moves the
    // amount within this silo's lease row, from remaining to used: the bucket's spent + leased does not change, so the
    // bucket row is not touched and two silos' batches never queue on an organization's or team's bucket. Only a debit
    // whose lease is gone (expired and swept) goes to the bucket's spent directly: it still counts.
    private const string DebitSql = """
        WITH d AS (SELECT * FROM unnest($1::text[], $3::bigint[]) AS d (bucket, amount)),
        l AS (
            UPDATE quota_leases q SET remaining = q.remaining - d.amount, used = q.used + d.amount FROM d
            WHERE q.bucket = d.bucket AND q.silo_id = $2 RETURNING q.bucket
        )
        UPDATE quota_buckets b SET spent = b.spent + d.amount
        FROM d WHERE b.bucket = d.bucket AND NOT EXISTS (SELECT 1 FROM l WHERE l.bucket = d.bucket);
        """;

    // Settled spent plus what live leases have debited and not yet settled.
    private const string SpentSql = """
        SELECT b.spent + COALESCE((SELECT SUM(l.used) FROM quota_leases l WHERE l.bucket = b.bucket), 0)::bigint
        FROM quota_buckets b WHERE b.bucket = $1
        """;

    /// <summary>Lease statements issued so far (for benchmarks: statements per 1,000 requests).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    private long _statements;

    /// <inheritdoc />
    public async ValueTask<LeaseGrant> AcquireAsync(QuotaBucket bucket, long cap, long minimum, long want, CancellationToken ct = default)
    {
        var generation = silo.LeaseGeneration;
        Interlocked.Increment(ref _statements);
        var now = time.GetUtcNow().UtcTicks;
        await using var connection = await db.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(UpsertBucketSql, bucket.ToString(), cap, now));
        batch.BatchCommands.Add(Command(GrantSql, bucket.ToString(), minimum, want, (long)Math.Max(2, 2 * silo.LiveSilos), silo.SiloId, now + leaseDuration.Ticks));
        // One batch, one implicit transaction: the bucket row stays locked from the upsert to the grant.
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        do
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
                return new LeaseGrant(reader.GetInt64(0), new LeaseStamp(now + ValidFor(leaseDuration).Ticks, generation));
        }
        while (await reader.NextResultAsync(ct).ConfigureAwait(false));
        return default;
    }

    /// <inheritdoc />
    public bool IsValid(LeaseStamp stamp)
    {
        var now = time.GetUtcNow().UtcTicks;
        return now < stamp.ValidUntilTicks || (stamp.Generation == silo.LeaseGeneration && now < silo.RenewedUntilTicks);
    }

    /// <summary>How long a lease is relied on: its duration less a third, the margin for late beats and clock skew.</summary>
    public static TimeSpan ValidFor(TimeSpan leaseDuration) => leaseDuration * 2 / 3;

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        return command;
    }

    /// <inheritdoc />
    public async Task ReturnAsync(QuotaBucket bucket, long unused, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _statements);
        await using var command = db.CreateCommand(ReturnSql);
        command.Parameters.Add(new() { Value = bucket.ToString() });
        command.Parameters.Add(new() { Value = silo.SiloId });
        command.Parameters.Add(new() { Value = bucket.Dimension.SettledOnReturn() });
        command.Parameters.Add(new() { Value = Math.Max(0, unused) });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task GiveBackAsync(QuotaBucket bucket, long amount, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _statements);
        await using var command = db.CreateCommand(GiveBackSql);
        command.Parameters.Add(new() { Value = bucket.ToString() });
        command.Parameters.Add(new() { Value = silo.SiloId });
        command.Parameters.Add(new() { Value = amount });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DebitAsync(IReadOnlyList<QuotaDebit> debits, CancellationToken ct = default)
    {
        if (debits.Count == 0) return;
        await using var connection = await db.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One batch is one implicit transaction: every debit lands, or none.
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in DebitCommands(debits)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The statement that debits <paramref name="debits"/> (one per bucket), for a batch of the caller's (the spend
    /// writer's group commit runs it in its own transaction). Buckets go in sorted order, the order in which the
    /// index scan for each of them locks its rows, so two silos' overlapping batches queue rather than deadlock
    /// (and a deadlock, should the planner choose otherwise, is retried whole).
    /// </summary>
    public IReadOnlyList<NpgsqlBatchCommand> DebitCommands(IReadOnlyList<QuotaDebit> debits)
    {
        if (debits.Count == 0) return [];
        // One row per bucket key: an UPDATE changes a row once, so two debits of one key must be summed first.
        var rows = new (string Bucket, long Amount)[debits.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = (KeyOf(debits[i].Bucket), debits[i].Amount);
        Array.Sort(rows, static (a, b) => string.CompareOrdinal(a.Bucket, b.Bucket));
        var n = 0;
        foreach (var row in rows)
        {
            if (n > 0 && string.Equals(rows[n - 1].Bucket, row.Bucket, StringComparison.Ordinal)) rows[n - 1].Amount += row.Amount;
            else rows[n++] = row;
        }
        var buckets = new string[n];
        var amounts = new long[n];
        for (var i = 0; i < n; i++) (buckets[i], amounts[i]) = rows[i];
        var command = new NpgsqlBatchCommand(DebitSql);
        // Typed by their CLR types (text[], text, bigint[]): naming an array's type made Npgsql build its name per execution.
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = buckets });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = silo.SiloId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = amounts });
        return [command];
    }

    // A bucket's ledger key, made once per bucket rather than once per batch: a level's buckets change only with their
    // window. Bounded: a silo that has seen very many buckets starts the cache over.
    private string KeyOf(QuotaBucket bucket)
    {
        lock (_keysLock)
        {
            if (_keys.TryGetValue(bucket, out var key)) return key;
            if (_keys.Count >= MaxCachedKeys) _keys.Clear();
            return _keys[bucket] = bucket.ToString();
        }
    }

    private const int MaxCachedKeys = 16_384;
    private readonly Dictionary<QuotaBucket, string> _keys = [];
    private readonly Lock _keysLock = new();

    /// <inheritdoc />
    public async Task<long> SpentAsync(QuotaBucket bucket, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(SpentSql);
        command.Parameters.Add(new() { Value = bucket.ToString() });
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long spent ? spent : 0;
    }
}

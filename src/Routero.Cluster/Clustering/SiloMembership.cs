using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Routero.Quota;

namespace Routero.Clustering;

/// <summary>
/// Registers this silo, heartbeats, renews its leases, returns the leases of silos that stopped renewing, and
/// marks silent silos dead. Every silo runs the same loop; the statements are idempotent, so no leader is needed.
/// </summary>
public sealed partial class SiloMembership(NpgsqlDataSource db, ClusterIdentity identity, ClusterOptions options, TimeProvider time, ILogger<SiloMembership> logger)
    : BackgroundService
{
    private const string RegisterSql = """
        INSERT INTO silos (silo_id, name, address, started_at, heartbeat_at, status) VALUES ($1, $2, $3, $4, $4, 'active')
        ON CONFLICT (silo_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at, status = 'active'
        """;

    // One batch, one round trip: beat (learning whether others had declared this silo dead), renew this silo's
    // leases, mark silent silos dead, return the expired leases of dead silos, count the living.
    // Only dead silos' leases are swept: a slow but living silo may still settle requests admitted from its leases.
    // What a swept lease had debited becomes spent; a swept rate-window lease counts whole as spent (the dead silo may
    // have used all of it); a money lease's remainder was never debited, so it is freed.
    private static readonly string[] HeartbeatSql =
    [
        """
        WITH old AS (SELECT status FROM silos WHERE silo_id = $1 FOR UPDATE)
        UPDATE silos SET heartbeat_at = $2, status = 'active' WHERE silo_id = $1 RETURNING (SELECT status FROM old)
        """,
        "UPDATE quota_leases SET expires_at = $2 WHERE silo_id = $1",
        "UPDATE silos SET status = 'dead' WHERE status = 'active' AND heartbeat_at < $1",
        $"""
        WITH expired AS (
                DELETE FROM quota_leases
                WHERE expires_at < $1 AND silo_id NOT IN (SELECT silo_id FROM silos WHERE status = 'active')
                RETURNING bucket, remaining, used),
             totals AS (SELECT bucket, SUM(remaining) AS amount, SUM(used) AS used FROM expired GROUP BY bucket)
        UPDATE quota_buckets b SET leased = b.leased - totals.amount - totals.used,
            spent = b.spent + totals.used + CASE WHEN b.bucket ~ '{QuotaBuckets.SettledOnReturnKeyPattern}' THEN totals.amount ELSE 0 END
        FROM totals WHERE b.bucket = totals.bucket
        """,
        "SELECT count(*) FROM silos WHERE status = 'active'",
    ];

    /// <summary>Heartbeats sent (for operators and tests).</summary>
    public long Heartbeats { get; private set; }

    /// <summary>Registers the silo before the first request is served.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(RegisterSql);
        var now = time.GetUtcNow().UtcTicks;
        foreach (var value in new object?[] { identity.SiloId, identity.Name, identity.Address ?? (object)DBNull.Value, now })
            command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        LogJoined(identity.Name, identity.SiloId);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.HeartbeatSeconds), time);
        do
        {
            try { await BeatAsync(stoppingToken).ConfigureAwait(false); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException) { LogHeartbeatFailed(e); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One heartbeat: renew, sweep, count. Public so tests and shutdown can run one on demand.</summary>
    public async Task BeatAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcTicks;
        await using var batch = db.CreateBatch();
        Add(batch, HeartbeatSql[0], identity.SiloId, now);
        Add(batch, HeartbeatSql[1], identity.SiloId, now + TimeSpan.FromSeconds(options.LeaseSeconds).Ticks);
        Add(batch, HeartbeatSql[2], now - TimeSpan.FromSeconds(options.DeadAfterSeconds).Ticks);
        Add(batch, HeartbeatSql[3], now);
        Add(batch, HeartbeatSql[4]);
        string? previousStatus = null;
        long live = 1;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false)) previousStatus = reader.IsDBNull(0) ? null : reader.GetString(0);
            while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                if (reader.FieldCount == 1 && await reader.ReadAsync(ct).ConfigureAwait(false)) live = reader.GetInt64(0);
        }
        identity.LiveSilos = (int)live;
        // Declared dead meanwhile: its leases may have been swept, so none of the old ones may be trusted.
        if (previousStatus == "dead") LogRevived(identity.Name);
        identity.Renewed(now, PostgresQuotaLedger.ValidFor(TimeSpan.FromSeconds(options.LeaseSeconds)).Ticks, chainBroken: previousStatus == "dead");
        Heartbeats++;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new() { Value = value });
        batch.BatchCommands.Add(command);
    }

    /// <summary>Marks the silo stopped (after its leases went back).</summary>
    public async Task LeaveAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("UPDATE silos SET status = 'stopped', heartbeat_at = $2 WHERE silo_id = $1");
        command.Parameters.Add(new() { Value = identity.SiloId });
        command.Parameters.Add(new() { Value = time.GetUtcNow().UtcTicks });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        LogLeft(identity.Name);
    }

    /// <summary>The silos the cluster knows, newest first.</summary>
    public async Task<IReadOnlyList<SiloInfo>> ListAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT silo_id, name, address, started_at, heartbeat_at, status FROM silos ORDER BY started_at DESC LIMIT 1000");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var silos = new List<SiloInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            silos.Add(new SiloInfo(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero), reader.GetString(5)));
        return silos;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Silo {Name} ({SiloId}) joined the cluster.")]
    private partial void LogJoined(string name, string siloId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Heartbeat failed; leases stay valid until they expire.")]
    private partial void LogHeartbeatFailed(Exception e);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Silo {Name} had been declared dead (heartbeats too late); it drops its old leases and carries on.")]
    private partial void LogRevived(string name);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Silo {Name} left the cluster.")]
    private partial void LogLeft(string name);
}

/// <summary>A silo as <c>GET /cluster/silos</c> shows it.</summary>
public sealed record SiloInfo(string SiloId, string Name, string? Address, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string Status);

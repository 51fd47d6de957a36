using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Routero.Clustering;
using Routero.Tenancy;

namespace Routero.Changes;

/// <summary>Applies a change made on another silo to this silo's grains.</summary>
public interface IChangeApplier
{
    /// <summary>Re-reads the object and invalidates what depends on it.</summary>
    Task ApplyAsync(EntityKind kind, string id, CancellationToken ct);
}

/// <summary>
/// Fans admin changes out to every silo: each change is appended to <c>cluster_changes</c> and announced with
/// <c>NOTIFY</c>. Listeners fetch everything after the last sequence they applied, so a missed notification is
/// caught by the next one or by the periodic poll (the safety net), never lost.
/// </summary>
public sealed partial class ChangeFeed(NpgsqlDataSource db, ClusterIdentity identity, ClusterOptions options, IChangeApplier applier, ILogger<ChangeFeed> logger)
    : BackgroundService
{
    private const string Channel = "routero_changes";
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _applied = -1;

    /// <summary>Announces a committed change to the other silos.</summary>
    public async Task PublishAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            $"WITH c AS (INSERT INTO cluster_changes (kind, id, silo_id, at) VALUES ($1, $2, $3, $4) RETURNING seq) SELECT pg_notify('{Channel}', (SELECT seq FROM c)::text)");
        command.Parameters.Add(new() { Value = (int)kind });
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = identity.SiloId });
        command.Parameters.Add(new() { Value = DateTimeOffset.UtcNow.UtcTicks });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Starts from the current end of the log: older changes are already in storage.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT COALESCE(MAX(seq), 0) FROM cluster_changes");
        _applied = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(options.ChangePollSeconds), stoppingToken).ConfigureAwait(false);
                await ApplyNewAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) when (e is NpgsqlException or TimeoutException) { LogPollFailed(e); }
        }
        await listening.ConfigureAwait(false);
    }

    private async Task ApplyNewAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT seq, kind, id, silo_id FROM cluster_changes WHERE seq > $1 ORDER BY seq LIMIT 10000");
        command.Parameters.Add(new() { Value = _applied });
        var changes = new List<(long Seq, EntityKind Kind, string Id, string Silo)>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                changes.Add((reader.GetInt64(0), (EntityKind)reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
        foreach (var change in changes)
        {
            // This silo applied its own changes when it made them.
            if (change.Silo != identity.SiloId) await applier.ApplyAsync(change.Kind, change.Id, ct).ConfigureAwait(false);
            _applied = change.Seq;
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct).ConfigureAwait(false);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Wake(); // anything announced while (re)connecting
                while (true) await connection.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogListenFailed(e);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { /* already awake */ }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Polling cluster changes failed; retrying.")]
    private partial void LogPollFailed(Exception e);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "LISTEN connection lost; reconnecting (the poll keeps changes flowing meanwhile).")]
    private partial void LogListenFailed(Exception e);
}

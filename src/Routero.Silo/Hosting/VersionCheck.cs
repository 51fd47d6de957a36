using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Hosting;

/// <summary>
/// The safety net under change fan-out in a cluster: periodically, the versions of this silo's
/// active grains are compared with storage, and any grain behind (a change whose announcement was lost, e.g.
/// its silo died between commit and announcement) re-reads its record. The interval is <c>Cluster.VersionCheckSeconds</c>.
/// </summary>
internal sealed partial class VersionCheck(SiloRuntime runtime, Clustering.ClusterOptions options, TimeProvider time, ILogger<VersionCheck> logger)
    : BackgroundService
{
    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0.1, options.VersionCheckSeconds));

    private const int Chunk = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var stale = 0;
                stale += await CheckAsync<OrganizationGrain, OrganizationRecord>(EntityKind.Organization, stoppingToken);
                stale += await CheckAsync<TeamGrain, TeamRecord>(EntityKind.Team, stoppingToken);
                stale += await CheckAsync<UserGrain, UserRecord>(EntityKind.User, stoppingToken);
                stale += await CheckAsync<CustomerGrain, CustomerRecord>(EntityKind.Customer, stoppingToken);
                stale += await CheckAsync<KeyGrain, KeyRecord>(EntityKind.Key, stoppingToken);
                if (stale > 0) LogCaughtUp(stale);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(e);
            }
        }
    }

    private async Task<int> CheckAsync<TGrain, TRecord>(EntityKind kind, CancellationToken ct)
        where TGrain : LevelGrain<TRecord> where TRecord : EntityRecord
    {
        var stale = 0;
        foreach (var chunk in runtime.Host.Active<TGrain>().Chunk(Chunk))
        {
            var page = await runtime.Store.ListAsync(new EntityQuery(kind) { Ids = [.. chunk.Select(g => g.Id)], Limit = Chunk }, ct);
            var stored = page.Items.ToDictionary(e => e.Id, e => e.Version, StringComparer.Ordinal);
            foreach (var grain in chunk)
            {
                var version = stored.GetValueOrDefault(grain.Id);
                if (version == grain.Version) continue;
                await runtime.RefreshLocalAsync(kind, grain.Id, ct);
                stale++;
            }
        }
        return stale;
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Version check refreshed {Count} grains whose change announcement was missed.")]
    private partial void LogCaughtUp(int count);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Version check failed; it runs again at the next interval.")]
    private partial void LogCheckFailed(Exception e);
}

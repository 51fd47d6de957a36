using Routero.Accounting;
using Routero.Configuration;

namespace Routero.Hosting;

/// <summary>
/// Logs the silo's running totals every <see cref="SiloOptions.StatsLogSeconds"/>: spend records and batches
/// written, quota lease statements issued, the median write time of the latest batches (the group commit's
/// latency), and the managed heap: bytes allocated and not yet collected, the memory the GC has committed (what
/// of the process's resident memory is the managed heap), all bytes allocated since start, and the full (generation 2)
/// collections so far (the benchmark's scale case waits for one before it samples settled memory). The benchmark reads two
/// lines around a phase to get batches per request, lease statements per 1,000 requests and bytes allocated per request
/// in steady state. Off unless configured.
/// </summary>
internal sealed partial class SiloStats(SiloOptions options, SpendWriter spend, SiloBackend backend, TimeProvider time, ILogger<SiloStats> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.StatsLogSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.StatsLogSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                LogStats(spend.RecordsWritten, spend.BatchesWritten, backend.LeaseStatements, (long)spend.CommitTimes.Median().TotalMicroseconds,
                    GC.GetTotalMemory(forceFullCollection: false) / 1024, GC.GetGCMemoryInfo().TotalCommittedBytes / 1024,
                    GC.GetTotalAllocatedBytes(precise: false) / 1024, GC.CollectionCount(2));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Stats: records={Records} batches={Batches} lease_statements={Leases} commit_p50_us={CommitMedianMicros} gc_heap_kb={GcHeapKb} gc_committed_kb={GcCommittedKb} allocated_kb={AllocatedKb} full_gcs={FullCollections}")]
    private partial void LogStats(long records, long batches, long leases, long commitMedianMicros, long gcHeapKb, long gcCommittedKb, long allocatedKb, int fullCollections);
}

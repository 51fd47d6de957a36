using Routero.Accounting;
using Routero.Changes;
using Routero.Clustering;

namespace Routero.Hosting;

/// <summary>
/// Starts and stops the silo's runtime in order. The web server stops first (it stops accepting and lets
/// in-flight requests and streams finish, up to <c>DrainSeconds</c>); then grains deactivate, which returns
/// their quota leases; then queued spend is written; then, in a cluster, the silo leaves the membership.
/// </summary>
internal sealed partial class SiloLifecycle(SiloRuntime runtime, SpendWriter spend, SiloBackend backend, IServiceProvider services, ILogger<SiloLifecycle> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Changes = services.GetService<ChangeFeed>();
        LogStarted(backend.IsCluster ? "cluster" : "embedded", runtime.Catalog.All.Count(), string.Join(", ", runtime.Catalog.Providers.Select(p => p.ToString())));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runtime.Host.DisposeAsync();
        await spend.DisposeAsync(); // bounded by SpendWriterOptions.StopLimit
        if (services.GetService<SiloMembership>() is { } membership) await membership.LeaveAsync(CancellationToken.None);
        LogStopped(spend.RecordsWritten, spend.BatchesWritten, backend.LeaseStatements);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo started ({Mode}): {Models} model aliases; providers: {Providers}.")]
    private partial void LogStarted(string mode, int models, string providers);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Silo stopped: {Records} spend records written in {Batches} batches; {Leases} lease statements.")]
    private partial void LogStopped(long records, long batches, long leases);
}

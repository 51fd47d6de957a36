using Routero.Accounting;

namespace Routero.Hosting;

/// <summary>Starts and stops the silo's runtime in order: on stop, grains deactivate, then spend is flushed.</summary>
internal sealed partial class SiloLifecycle(SiloRuntime runtime, SpendWriter spend, ILogger<SiloLifecycle> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarted(runtime.Catalog.All.Count(), string.Join(", ", runtime.Catalog.Providers.Select(p => p.ToString())));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runtime.Host.DisposeAsync();
        await spend.DisposeAsync();
        LogStopped(spend.RecordsWritten, spend.BatchesWritten);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo started: {Models} model aliases; providers: {Providers}.")]
    private partial void LogStarted(int models, string providers);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Silo stopped: {Records} spend records written in {Batches} batches.")]
    private partial void LogStopped(long records, long batches);
}

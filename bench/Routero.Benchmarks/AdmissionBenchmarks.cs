using BenchmarkDotNet.Attributes;
using Routero.Admission;
using Routero.Benchmarks.Fixtures;
using Routero.Money;

namespace Routero.Benchmarks;

/// <summary>
/// Admission across the five levels of a chain (key, customer, user, team, organization: rate window,
/// concurrency slot and budget reservation on each), ended by a release (the request did not run) or a
/// settlement (it ran: actual cost on every level, counters queued for the spend writer). Settlement's own
/// cost is the difference of the two.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private Chain _chain = null!;
    private ReadOnlyMemory<IAdmissionLevel> _levels;
    private readonly CostEstimate _estimate = new(PromptTokens: 150, MaxOutputTokens: 4096, Chain.Price);
    private readonly Usd _cost = Chain.Price.Cost(37, 21);

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _chain = await Chain.CreateAsync();
        _levels = await _chain.LevelsAsync();
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _chain.DisposeAsync();

    [Benchmark(Baseline = true, Description = "admit on 5 levels + release")]
    public async ValueTask AdmitReleaseAsync()
    {
        var outcome = await AdmissionPipeline.AdmitAsync(_levels, _estimate, "bench/echo");
        await outcome.Ticket!.ReleaseAsync();
    }

    [Benchmark(Description = "admit on 5 levels + settle")]
    public async ValueTask AdmitSettleAsync()
    {
        var outcome = await AdmissionPipeline.AdmitAsync(_levels, _estimate, "bench/echo");
        await outcome.Ticket!.SettleAsync(_cost, 58);
    }
}

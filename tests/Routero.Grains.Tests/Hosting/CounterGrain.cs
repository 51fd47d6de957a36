using Routero.Hosting;

namespace Routero.Grains.Tests.Hosting;

/// <summary>
/// A minimal grain for host tests: a counter whose increment reads, awaits, then writes (lost updates show
/// when turns overlap), with hooks for activation and deactivation.
/// </summary>
internal sealed class CounterGrain(string id, Func<Task>? onActivate = null) : Grain(id)
{
    private int _value;
    private int _deactivations;

    public int Value => Volatile.Read(ref _value);

    public int Deactivations => Volatile.Read(ref _deactivations);

    /// <summary>While false, the host must keep the activation (a request is in flight).</summary>
    public bool Deactivatable { get; set; } = true;

    protected internal override bool CanDeactivate => Deactivatable;

    /// <summary>When the grain went idle holding leases it could give back (a timestamp); null: it holds none.</summary>
    public long? LeasesIdleSince { get; set; }

    public int IdleReturns { get; private set; }

    protected internal override bool HoldsLeasesIdleSince(long timestamp) => LeasesIdleSince is { } since && since <= timestamp;

    protected internal override Task OnIdleAsync(CancellationToken ct)
    {
        IdleReturns++;
        LeasesIdleSince = null;
        return Task.CompletedTask;
    }

    protected internal override Task OnActivateAsync(CancellationToken ct) => onActivate?.Invoke() ?? Task.CompletedTask;

    protected internal override Task OnDeactivateAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _deactivations);
        return Task.CompletedTask;
    }

    /// <summary>Takes the turn and keeps it until <paramref name="release"/> completes.</summary>
    public async Task HoldAsync(Task release)
    {
        using var turn = await EnterTurnAsync();
        await release;
    }

    /// <summary>Appends <paramref name="tag"/> to <paramref name="log"/> inside a turn.</summary>
    public async Task LogAsync(List<int> log, int tag)
    {
        using var turn = await EnterTurnAsync();
        log.Add(tag);
    }

    public async Task<int> IncrementAsync()
    {
        using var turn = await EnterTurnAsync();
        var read = _value;
        await Task.Yield();
        _value = read + 1;
        return _value;
    }
}

/// <summary>A second grain type, so per-type bookkeeping can be told apart.</summary>
internal sealed class OtherGrain(string id) : Grain(id);

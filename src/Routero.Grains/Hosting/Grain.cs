namespace Routero.Hosting;

/// <summary>
/// A virtual actor in the style of Orleans: a string identity, state of its own, and turn-based execution
/// (one call at a time, enforced by <see cref="EnterTurnAsync"/>). The host activates a grain on first use
/// and deactivates it when idle. Grain classes share no mutable state, so hosting them on Orleans later is
/// an adapter, not a rewrite.
/// </summary>
public abstract class Grain
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _lastUsedTicks;

    /// <summary>Creates a grain with its identity.</summary>
    protected Grain(string id) => Id = id;

    /// <summary>The grain's identity.</summary>
    public string Id { get; }

    /// <summary>True once the host has deactivated this activation; calls must go to a fresh one.</summary>
    public bool IsDeactivated { get; private set; }

    internal long LastUsedTicks => Volatile.Read(ref _lastUsedTicks);

    internal void Touch(long nowTicks) => Volatile.Write(ref _lastUsedTicks, nowTicks);

    /// <summary>Loads state. Called once, before any other call reaches the grain.</summary>
    protected internal virtual Task OnActivateAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Persists what must survive, when the host deactivates the grain.</summary>
    protected internal virtual Task OnDeactivateAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>True when the grain holds nothing that would be lost by deactivating now (no request in flight).</summary>
    protected internal virtual bool CanDeactivate => true;

    /// <summary>
    /// Waits for the grain's turn. Completes synchronously, without allocating, when no other call is running:
    /// the common case on the hot path.
    /// </summary>
    protected ValueTask<Turn> EnterTurnAsync()
    {
        var wait = _turn.WaitAsync();
        return wait.IsCompletedSuccessfully ? new ValueTask<Turn>(Entered()) : WaitSlowAsync(wait);
    }

    private async ValueTask<Turn> WaitSlowAsync(Task wait)
    {
        await wait.ConfigureAwait(false);
        return Entered();
    }

    private Turn Entered()
    {
        if (!IsDeactivated) return new Turn(_turn);
        _turn.Release();
        throw new GrainDeactivatedException(GetType().Name, Id);
    }

    /// <summary>Marks the activation dead, inside its turn, so late callers retry on a new activation.</summary>
    internal async Task<bool> TryDeactivateAsync(CancellationToken ct)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        if (!CanDeactivate) return false;
        await OnDeactivateAsync(ct).ConfigureAwait(false);
        IsDeactivated = true;
        return true;
    }

    /// <summary>An entered turn; disposing it lets the next call in.</summary>
    protected readonly struct Turn(SemaphoreSlim gate) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => gate.Release();
    }
}

/// <summary>A call reached an activation that the host had already deactivated. The caller retries.</summary>
public sealed class GrainDeactivatedException(string type, string id)
    : InvalidOperationException($"{type} '{id}' was deactivated; retry on a new activation.");

namespace Routero.Hosting;

/// <summary>
/// A virtual actor in the style of Orleans: a string identity, state of its own, and turn-based execution
/// (one call at a time, enforced by <see cref="EnterTurnAsync"/>). The host activates a grain on first use
/// and deactivates it when idle. Grain classes share no mutable state, so hosting them on Orleans later is
/// an adapter, not a rewrite.
/// </summary>
public abstract class Grain
{
    // The turn: 0 free, 1 taken. Waiters queue only while it is taken (rare on the hot path: a grain's calls are
    // short and synchronous), and the queue is allocated on first contention. A SemaphoreSlim per grain cost
    // about 90 bytes (with its lock box), and a silo holds hundreds of thousands of grains.
    private int _turnTaken;
    private Queue<TaskCompletionSource>? _waiting;
    private long _lastUsedTicks;

    // The next grain in its directory bucket: the host's directory chains the grains themselves, so an activation
    // costs it no node object (see GrainHost). Written only under the directory's lock.
    internal Grain? NextInDirectory;

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
    /// Whether the activation holds cluster leases it need not keep and has had no request in flight since
    /// <paramref name="timestamp"/> (a <see cref="TimeProvider.GetTimestamp"/> value). Read outside its turn, as a
    /// hint; <see cref="OnIdleAsync"/> checks again inside it.
    /// </summary>
    protected internal virtual bool HoldsLeasesIdleSince(long timestamp) => false;

    /// <summary>Gives back the leases an idle activation need not keep, inside its turn.</summary>
    protected internal virtual Task OnIdleAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Waits for the grain's turn. Completes synchronously, without allocating, when no other call is running:
    /// the common case on the hot path.
    /// </summary>
    protected ValueTask<Turn> EnterTurnAsync() =>
        Interlocked.CompareExchange(ref _turnTaken, 1, 0) == 0 ? new ValueTask<Turn>(Entered()) : WaitSlowAsync();

    private async ValueTask<Turn> WaitSlowAsync()
    {
        TaskCompletionSource? waiter = null;
        // The grain object is its own monitor: no lock object per grain. Only the turn's queue is guarded by it.
        lock (this)
        {
            if (Interlocked.CompareExchange(ref _turnTaken, 1, 0) != 0)
                (_waiting ??= new()).Enqueue(waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        if (waiter is not null) await waiter.Task.ConfigureAwait(false);
        return Entered();
    }

    /// <summary>Ends a turn: hands it straight to the first waiter, if any, else frees it.</summary>
    private void ExitTurn()
    {
        lock (this)
        {
            if (_waiting is { Count: > 0 } waiting)
            {
                waiting.Dequeue().SetResult(); // the turn stays taken: it passes to that waiter
                return;
            }
            Volatile.Write(ref _turnTaken, 0);
        }
    }

    private Turn Entered()
    {
        if (!IsDeactivated) return new Turn(this);
        ExitTurn();
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

    /// <summary>Runs <see cref="OnIdleAsync"/> in the grain's turn, unless a request is in flight on it. True when it ran.</summary>
    internal async Task<bool> ReturnIdleLeasesAsync(CancellationToken ct)
    {
        using var turn = await EnterTurnAsync().ConfigureAwait(false);
        if (!CanDeactivate) return false;
        await OnIdleAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>An entered turn; disposing it lets the next call in.</summary>
    protected readonly struct Turn(Grain grain) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => grain.ExitTurn();
    }
}

/// <summary>A call reached an activation that the host had already deactivated. The caller retries.</summary>
public sealed class GrainDeactivatedException(string type, string id)
    : InvalidOperationException($"{type} '{id}' was deactivated; retry on a new activation.");

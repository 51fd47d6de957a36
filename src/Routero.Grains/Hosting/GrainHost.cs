using System.Collections.Concurrent;

namespace Routero.Hosting;

/// <summary>
/// Hosts the grains of one silo: one activation per identity, created on first use (single-flight: callers
/// that race on a new identity share one activation), and deactivated after <see cref="GrainHostOptions.IdleTimeout"/>.
/// </summary>
public sealed class GrainHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, IGrainDirectory> _directories = new();
    private readonly TimeProvider _time;
    private readonly GrainHostOptions _options;
    private readonly ITimer _collector;
    private readonly ITimer? _leaseReturner;
    private int _returning;
    private int _collecting;

    /// <summary>Creates the host; idle collection starts at once.</summary>
    public GrainHost(GrainHostOptions options, TimeProvider time)
    {
        (_options, _time) = (options, time);
        _collector = time.CreateTimer(_ => _ = CollectIdleAsync(), null, options.CollectionInterval, options.CollectionInterval);
        if (options.IdleLeaseReturn is { } after)
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, after.Ticks / 2));
            _leaseReturner = time.CreateTimer(_ => _ = ReturnIdleLeasesAsync(), null, every, every);
        }
    }

    /// <summary>
    /// Lets every grain unused for <see cref="GrainHostOptions.IdleLeaseReturn"/> give back the leases it need not keep.
    /// Returns how many grains did. A failure leaves that grain's leases where they are (they go back at deactivation).
    /// </summary>
    public async Task<int> ReturnIdleLeasesAsync(CancellationToken ct = default)
    {
        if (_options.IdleLeaseReturn is not { } after || Interlocked.Exchange(ref _returning, 1) == 1) return 0;
        try
        {
            var returned = 0;
            var since = _time.GetTimestamp() - (long)(after.TotalSeconds * _time.TimestampFrequency);
            foreach (var directory in _directories.Values)
            {
                foreach (var grain in directory.Activated())
                {
                    try
                    {
                        if (grain.HoldsLeasesIdleSince(since) && await grain.ReturnIdleLeasesAsync(ct).ConfigureAwait(false)) returned++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        // Deactivated meanwhile, or the ledger unreachable: the leases go back at deactivation.
                    }
                }
            }
            return returned;
        }
        finally
        {
            Volatile.Write(ref _returning, 0);
        }
    }

    /// <summary>Registers how grains of one type are created.</summary>
    public void Register<TGrain>(Func<string, TGrain> factory) where TGrain : Grain =>
        _directories[typeof(TGrain)] = new GrainDirectory<TGrain>(factory);

    /// <summary>The activation of a grain, activating it if needed. Synchronous when it is already active.</summary>
    public ValueTask<TGrain> GetAsync<TGrain>(string id) where TGrain : Grain
    {
        var directory = Directory<TGrain>();
        if (directory.Activations.TryGetValue(id, out var existing) && existing is TGrain { IsDeactivated: false } grain)
        {
            grain.Touch(_time.GetTimestamp());
            return new ValueTask<TGrain>(grain);
        }
        return new ValueTask<TGrain>(ActivateAsync(directory, id));
    }

    /// <summary>The activation of a grain if it is active now; never activates.</summary>
    public TGrain? Peek<TGrain>(string id) where TGrain : Grain =>
        Directory<TGrain>().Activations.TryGetValue(id, out var entry) ? entry as TGrain : null;

    /// <summary>The live activations of a grain type (a snapshot; activations in progress are left out).</summary>
    public IReadOnlyList<TGrain> Active<TGrain>() where TGrain : Grain =>
        [.. Directory<TGrain>().Activated()];

    /// <summary>Number of live activations of a grain type.</summary>
    public int Count<TGrain>() where TGrain : Grain => Directory<TGrain>().Activations.Count;

    /// <summary>Deactivates one grain now (e.g. its object was deleted).</summary>
    public async Task DeactivateAsync<TGrain>(string id, CancellationToken ct = default) where TGrain : Grain
    {
        var directory = Directory<TGrain>();
        if (!directory.Activations.TryGetValue(id, out var entry) || entry is not TGrain grain) return;
        // A grain that still holds requests stays: removing it would let a second activation appear beside it.
        if (await grain.TryDeactivateAsync(ct).ConfigureAwait(false))
            directory.Activations.TryRemove(new KeyValuePair<string, object>(id, grain));
    }

    /// <summary>
    /// The activation of a grain if it is active or being activated (waiting for the activation to finish);
    /// never starts one. Used to deliver changes: an activation that read the old state must see the new one.
    /// </summary>
    public async ValueTask<TGrain?> PeekActivatedAsync<TGrain>(string id) where TGrain : Grain
    {
        if (!Directory<TGrain>().Activations.TryGetValue(id, out var entry)) return null;
        if (entry is TGrain activated) return activated.IsDeactivated ? null : activated;
        var activation = (Task<TGrain>)entry;
        try
        {
            var grain = await activation.ConfigureAwait(false);
            return grain.IsDeactivated ? null : grain;
        }
        catch (Exception) when (!activation.IsCompletedSuccessfully)
        {
            return null; // a failed activation holds no state to refresh
        }
    }

    /// <summary>Deactivates every grain unused for longer than the idle timeout. Returns how many went.</summary>
    public async Task<int> CollectIdleAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _collecting, 1) == 1) return 0;
        try
        {
            var removed = 0;
            var now = _time.GetTimestamp();
            foreach (var directory in _directories.Values)
                removed += await directory.CollectAsync(g => _time.GetElapsedTime(g.LastUsedTicks, now) >= _options.IdleTimeout, ct).ConfigureAwait(false);
            return removed;
        }
        finally
        {
            Volatile.Write(ref _collecting, 0);
        }
    }

    /// <summary>Deactivates every grain (silo shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync().ConfigureAwait(false);
        if (_leaseReturner is not null) await _leaseReturner.DisposeAsync().ConfigureAwait(false);
        foreach (var directory in _directories.Values)
            await directory.CollectAsync(_ => true, CancellationToken.None).ConfigureAwait(false);
    }

    private GrainDirectory<TGrain> Directory<TGrain>() where TGrain : Grain =>
        _directories.TryGetValue(typeof(TGrain), out var d) ? (GrainDirectory<TGrain>)d
            : throw new InvalidOperationException($"No grain type {typeof(TGrain).Name} is registered with the host.");

    private async Task<TGrain> ActivateAsync<TGrain>(GrainDirectory<TGrain> directory, string id) where TGrain : Grain
    {
        while (true)
        {
            var pending = new TaskCompletionSource<TGrain>(TaskCreationOptions.RunContinuationsAsynchronously);
            var current = directory.Activations.GetOrAdd(id, pending.Task);
            if (current != pending.Task)
            {
                var grain = current as TGrain ?? await ((Task<TGrain>)current).ConfigureAwait(false);
                if (!grain.IsDeactivated) return grain;
                // An activation replaces its task with the grain before it completes the task, so by now the entry is
                // the grain (or gone): a deactivated one goes, then the loop activates afresh.
                directory.Activations.TryRemove(new KeyValuePair<string, object>(id, grain));
                continue;
            }
            try
            {
                var grain = directory.Factory(id);
                grain.Touch(_time.GetTimestamp());
                await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
                // The entry becomes the grain itself: an active grain costs its directory no task object.
                directory.Activations.TryUpdate(id, grain, pending.Task);
                pending.SetResult(grain);
                return grain;
            }
            catch (Exception e)
            {
                // A failed activation leaves no entry behind: the next caller tries afresh.
                directory.Activations.TryRemove(new KeyValuePair<string, object>(id, pending.Task));
                pending.SetException(e);
                throw;
            }
        }
    }

    private interface IGrainDirectory
    {
        Task<int> CollectAsync(Func<Grain, bool> idle, CancellationToken ct);

        IEnumerable<Grain> Activated();
    }

    private sealed class GrainDirectory<TGrain>(Func<string, TGrain> factory) : IGrainDirectory where TGrain : Grain
    {
        /// <summary>Each id's grain once it is active, or the <see cref="Task{TResult}"/> of its activation until then.</summary>
        public ConcurrentDictionary<string, object> Activations { get; } = new(StringComparer.Ordinal);

        public Func<string, TGrain> Factory { get; } = factory;

        IEnumerable<Grain> IGrainDirectory.Activated() => Activated();

        public IEnumerable<TGrain> Activated()
        {
            foreach (var (_, entry) in Activations)
                if (entry is TGrain { IsDeactivated: false } grain) yield return grain;
        }

        public async Task<int> CollectAsync(Func<Grain, bool> idle, CancellationToken ct)
        {
            var removed = 0;
            foreach (var (id, entry) in Activations)
            {
                if (entry is not TGrain grain || !idle(grain)) continue;
                if (!await grain.TryDeactivateAsync(ct).ConfigureAwait(false)) continue;
                if (Activations.TryRemove(new KeyValuePair<string, object>(id, grain))) removed++;
            }
            return removed;
        }
    }
}

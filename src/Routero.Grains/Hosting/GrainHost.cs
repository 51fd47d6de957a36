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
        if (directory.Find(id) is { IsDeactivated: false } grain)
        {
            grain.Touch(_time.GetTimestamp());
            return new ValueTask<TGrain>(grain);
        }
        return new ValueTask<TGrain>(ActivateAsync(directory, id));
    }

    /// <summary>The activation of a grain if it is active now; never activates.</summary>
    public TGrain? Peek<TGrain>(string id) where TGrain : Grain
    {
        var directory = Directory<TGrain>();
        return directory.Find(id) ?? directory.FindExactly(id);
    }

    /// <summary>The live activations of a grain type (a snapshot; activations in progress are left out).</summary>
    public IReadOnlyList<TGrain> Active<TGrain>() where TGrain : Grain => Directory<TGrain>().Activated();

    /// <summary>Number of activations of a grain type, live or in progress.</summary>
    public int Count<TGrain>() where TGrain : Grain => Directory<TGrain>().Count;

    /// <summary>Deactivates one grain now (e.g. its object was deleted).</summary>
    public async Task DeactivateAsync<TGrain>(string id, CancellationToken ct = default) where TGrain : Grain
    {
        var directory = Directory<TGrain>();
        if (directory.FindExactly(id) is not { } grain) return;
        // A grain that still holds requests stays: removing it would let a second activation appear beside it.
        if (await grain.TryDeactivateAsync(ct).ConfigureAwait(false)) directory.Remove(grain);
    }

    /// <summary>
    /// The activation of a grain if it is active or being activated (waiting for the activation to finish);
    /// never starts one. Used to deliver changes: an activation that read the old state must see the new one.
    /// </summary>
    public async ValueTask<TGrain?> PeekActivatedAsync<TGrain>(string id) where TGrain : Grain
    {
        var (active, activation) = Directory<TGrain>().FindOrActivation(id);
        if (active is not null) return active.IsDeactivated ? null : active;
        if (activation is null) return null;
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
            var (active, activation, pending) = directory.ClaimActivation(id);
            if (active is not null) return active;
            if (pending is null)
            {
                var grain = await activation!.ConfigureAwait(false);
                if (!grain.IsDeactivated) return grain;
                continue; // deactivated meanwhile: the next claim removes it and activates afresh
            }
            try
            {
                var grain = directory.Factory(id);
                grain.Touch(_time.GetTimestamp());
                await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
                directory.CompleteActivation(grain);
                pending.SetResult(grain);
                return grain;
            }
            catch (Exception e)
            {
                // A failed activation leaves no entry behind: the next caller tries afresh.
                directory.AbandonActivation(id);
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

    /// <summary>
    /// The activations of one grain type. A hash table that chains the grains themselves
    /// (<see cref="Grain.NextInDirectory"/>), so an active grain costs it one bucket slot and no node: a silo holds
    /// hundreds of thousands of grains, and a concurrent dictionary's node and bucket were about 70 bytes each.
    /// Lookups read without a lock; every change (and every lookup that must not miss) takes the directory's lock.
    /// A lock-free lookup can miss a grain while the table is being resized, never find a wrong one: callers that
    /// miss fall back to the locked paths, which see the truth.
    /// </summary>
    private sealed class GrainDirectory<TGrain>(Func<string, TGrain> factory) : IGrainDirectory where TGrain : Grain
    {
        private readonly Lock _gate = new();
        // Activations in progress, by id: the single flight that callers racing on a new id share.
        private readonly Dictionary<string, TaskCompletionSource<TGrain>> _activating = new(StringComparer.Ordinal);
        private Grain?[] _buckets = new Grain?[16];
        private int _count;

        public Func<string, TGrain> Factory { get; } = factory;

        /// <summary>Active grains plus activations in progress.</summary>
        public int Count
        {
            get
            {
                lock (_gate) return _count + _activating.Count;
            }
        }

        /// <summary>The grain with this id, if it is in the table; may miss during a resize (see the class).</summary>
        public TGrain? Find(string id)
        {
            var buckets = Volatile.Read(ref _buckets);
            return InChain(Volatile.Read(ref buckets[BucketOf(id, buckets.Length)]), id);
        }

        /// <summary>The grain with this id, if it is in the table; never misses.</summary>
        public TGrain? FindExactly(string id)
        {
            lock (_gate) return FindLocked(id);
        }

        /// <summary>The active grain with this id, or the activation in progress, or neither.</summary>
        public (TGrain? Active, Task<TGrain>? Activation) FindOrActivation(string id)
        {
            lock (_gate)
                return FindLocked(id) is { } grain ? (grain, null) : (null, _activating.GetValueOrDefault(id)?.Task);
        }

        /// <summary>
        /// One of: the live grain with this id; the activation in progress to wait for; or, when there is neither, a
        /// new activation that the caller must complete (<see cref="CompleteActivation"/>) or abandon.
        /// </summary>
        public (TGrain? Active, Task<TGrain>? Activation, TaskCompletionSource<TGrain>? Pending) ClaimActivation(string id)
        {
            lock (_gate)
            {
                if (FindLocked(id) is { } grain)
                {
                    if (!grain.IsDeactivated) return (grain, null, null);
                    RemoveLocked(grain); // deactivated, and not yet removed by its deactivator
                }
                if (_activating.TryGetValue(id, out var running)) return (null, running.Task, null);
                var pending = new TaskCompletionSource<TGrain>(TaskCreationOptions.RunContinuationsAsynchronously);
                _activating.Add(id, pending);
                return (null, null, pending);
            }
        }

        /// <summary>Puts an activated grain in the table, in place of its activation.</summary>
        public void CompleteActivation(TGrain grain)
        {
            lock (_gate)
            {
                _activating.Remove(grain.Id);
                if (_count >= _buckets.Length) Grow();
                var buckets = _buckets;
                ref var head = ref buckets[BucketOf(grain.Id, buckets.Length)];
                grain.NextInDirectory = head;
                Volatile.Write(ref head, grain); // published whole: its fields were written before this
                _count++;
            }
        }

        /// <summary>Forgets a failed activation.</summary>
        public void AbandonActivation(string id)
        {
            lock (_gate) _activating.Remove(id);
        }

        /// <summary>Removes this activation (not another one of the same id). False when it was not in the table.</summary>
        public bool Remove(Grain grain)
        {
            lock (_gate) return RemoveLocked(grain);
        }

        IEnumerable<Grain> IGrainDirectory.Activated() => Activated();

        /// <summary>A snapshot of the live grains.</summary>
        public List<TGrain> Activated()
        {
            var live = new List<TGrain>();
            lock (_gate)
                foreach (var head in _buckets)
                    for (var grain = head; grain is not null; grain = grain.NextInDirectory)
                        if (!grain.IsDeactivated) live.Add((TGrain)grain);
            return live;
        }

        public async Task<int> CollectAsync(Func<Grain, bool> idle, CancellationToken ct)
        {
            var removed = 0;
            foreach (var grain in Activated())
            {
                if (!idle(grain)) continue;
                if (!await grain.TryDeactivateAsync(ct).ConfigureAwait(false)) continue;
                if (Remove(grain)) removed++;
            }
            return removed;
        }

        private TGrain? FindLocked(string id) => InChain(_buckets[BucketOf(id, _buckets.Length)], id);

        // Walks a bucket's chain with volatile reads: safe without the lock, and harmless under it.
        private static TGrain? InChain(Grain? grain, string id)
        {
            for (; grain is not null; grain = Volatile.Read(ref grain.NextInDirectory))
                if (string.Equals(grain.Id, id, StringComparison.Ordinal)) return (TGrain)grain;
            return null;
        }

        private bool RemoveLocked(Grain grain)
        {
            ref var link = ref _buckets[BucketOf(grain.Id, _buckets.Length)];
            while (link is { } current)
            {
                if (ReferenceEquals(current, grain))
                {
                    // The removed grain keeps its next link: a lock-free reader standing on it walks on to the rest.
                    Volatile.Write(ref link, current.NextInDirectory);
                    _count--;
                    return true;
                }
                link = ref current.NextInDirectory;
            }
            return false;
        }

        // Doubles the table. Grains move to the new buckets one by one: a lock-free reader of the old table may then
        // miss some (it falls back to a locked lookup), and it cannot loop, since every link points either along an
        // old chain or to a grain moved earlier.
        private void Grow()
        {
            var old = _buckets;
            var buckets = new Grain?[old.Length * 2];
            foreach (var head in old)
            {
                for (var grain = head; grain is not null;)
                {
                    var next = grain.NextInDirectory;
                    ref var slot = ref buckets[BucketOf(grain.Id, buckets.Length)];
                    Volatile.Write(ref grain.NextInDirectory, slot);
                    slot = grain;
                    grain = next;
                }
            }
            Volatile.Write(ref _buckets, buckets);
        }

        private static int BucketOf(string id, int length) => id.GetHashCode() & (length - 1);
    }
}

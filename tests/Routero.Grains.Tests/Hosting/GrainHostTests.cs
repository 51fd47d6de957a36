using Routero.Grains.Tests.TestSupport;
using Routero.Hosting;

namespace Routero.Grains.Tests.Hosting;

public sealed class GrainHostTests : IAsyncDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    private readonly FakeTime _time = new(GrainWorld.T0);
    private readonly GrainHost _sut;
    private Func<string, CounterGrain> _factory = id => new CounterGrain(id);
    private int _created;

    public GrainHostTests()
    {
        _sut = new GrainHost(new GrainHostOptions { IdleTimeout = IdleTimeout }, _time);
        _sut.Register(id =>
        {
            Interlocked.Increment(ref _created);
            return _factory(id);
        });
        _sut.Register(id => new OtherGrain(id));
    }

    public ValueTask DisposeAsync() => _sut.DisposeAsync();

    [Fact]
    public async Task GetAsync_FiftyConcurrentCallsOnANewId_RunTheFactoryOnceAndShareOneActivation()
    {
        var activating = new Gate();
        _factory = id => new CounterGrain(id, activating.PassAsync);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(async () => { await start.Task; return await _sut.GetAsync<CounterGrain>("a"); }))
            .ToArray();

        start.SetResult();
        await activating.Arrived;
        activating.Open();
        var grains = await Task.WhenAll(calls);

        Assert.Equal(1, _created);
        Assert.All(grains, g => Assert.Same(grains[0], g));
        Assert.Equal(1, _sut.Count<CounterGrain>());
    }

    [Fact]
    public async Task GetAsync_WhenActivationThrows_LeavesNoEntryAndTheNextCallActivatesAfresh()
    {
        var attempts = 0;
        _factory = id => new CounterGrain(id, () =>
            Interlocked.Increment(ref attempts) == 1 ? Task.FromException(new InvalidOperationException("storage down")) : Task.CompletedTask);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _sut.GetAsync<CounterGrain>("a").AsTask());
        Assert.Equal("storage down", failure.Message);
        Assert.Equal(0, _sut.Count<CounterGrain>());
        Assert.Null(_sut.Peek<CounterGrain>("a"));

        var grain = await _sut.GetAsync<CounterGrain>("a");

        Assert.Equal(2, _created);
        Assert.Same(grain, _sut.Peek<CounterGrain>("a"));
    }

    [Fact]
    public async Task GrainCalls_HundredConcurrentReadModifyWrites_LoseNoUpdate()
    {
        var sut = await _sut.GetAsync<CounterGrain>("a");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(sut.IncrementAsync)));

        Assert.Equal(100, sut.Value);
        Assert.Equal(Enumerable.Range(1, 100), results.Order());
    }

    [Fact]
    public async Task GrainCalls_QueuedBehindATurnInProgress_WaitForItAndRunInArrivalOrder()
    {
        var sut = await _sut.GetAsync<CounterGrain>("a");
        var release = new TaskCompletionSource();
        var log = new List<int>();

        var holding = sut.HoldAsync(release.Task);
        var queued = Enumerable.Range(0, 10).Select(i => sut.LogAsync(log, i)).ToArray();
        Assert.Empty(log);
        release.SetResult();
        await Task.WhenAll([holding, .. queued]);

        Assert.Equal(Enumerable.Range(0, 10), log);
    }

    [Fact]
    public async Task CollectIdleAsync_DeactivatesOnlyGrainsIdlePastTheTimeoutThatCanDeactivate()
    {
        var idle = await _sut.GetAsync<CounterGrain>("idle");
        var busy = await _sut.GetAsync<CounterGrain>("busy");
        var touched = await _sut.GetAsync<CounterGrain>("touched");
        busy.Deactivatable = false;
        _time.Advance(TimeSpan.FromMinutes(10));
        var recent = await _sut.GetAsync<CounterGrain>("recent");
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(touched, await _sut.GetAsync<CounterGrain>("touched"));
        _time.Advance(TimeSpan.FromMinutes(1));

        var removed = await _sut.CollectIdleAsync();

        Assert.Equal(1, removed);
        Assert.True(idle.IsDeactivated);
        Assert.Equal(1, idle.Deactivations);
        Assert.False(busy.IsDeactivated);
        Assert.False(recent.IsDeactivated);
        Assert.False(touched.IsDeactivated);
        Assert.Null(_sut.Peek<CounterGrain>("idle"));
        Assert.Same(busy, _sut.Peek<CounterGrain>("busy"));
        Assert.Equal(3, _sut.Count<CounterGrain>());
    }

    [Fact]
    public async Task CollectIdleAsync_JustBeforeTheTimeout_KeepsTheGrain()
    {
        var grain = await _sut.GetAsync<CounterGrain>("a");
        _time.Advance(IdleTimeout - TimeSpan.FromTicks(1));

        var removed = await _sut.CollectIdleAsync();

        Assert.Equal(0, removed);
        Assert.False(grain.IsDeactivated);
    }

    [Fact]
    public async Task GrainCall_OnADeactivatedActivation_ThrowsAndGetAsyncGivesAFreshActivation()
    {
        var old = await _sut.GetAsync<CounterGrain>("a");
        await old.IncrementAsync();

        await _sut.DeactivateAsync<CounterGrain>("a");

        await Assert.ThrowsAsync<GrainDeactivatedException>(old.IncrementAsync);
        var fresh = await _sut.GetAsync<CounterGrain>("a");
        Assert.NotSame(old, fresh);
        Assert.False(fresh.IsDeactivated);
        Assert.Equal(1, await fresh.IncrementAsync());
        Assert.Equal(2, _created);
    }

    [Fact]
    public async Task DeactivateAsync_WhenTheGrainCannotDeactivate_KeepsTheActivation()
    {
        var busy = await _sut.GetAsync<CounterGrain>("a");
        busy.Deactivatable = false;

        await _sut.DeactivateAsync<CounterGrain>("a");

        Assert.False(busy.IsDeactivated);
        Assert.Same(busy, _sut.Peek<CounterGrain>("a"));
        Assert.Same(busy, await _sut.GetAsync<CounterGrain>("a"));
        Assert.Equal(1, _created);
    }

    [Fact]
    public async Task Peek_OnAnInactiveId_ReturnsNullAndNeverActivates()
    {
        Assert.Null(_sut.Peek<CounterGrain>("a"));

        Assert.Equal(0, _created);
        Assert.Equal(0, _sut.Count<CounterGrain>());
        var grain = await _sut.GetAsync<CounterGrain>("a");
        Assert.Same(grain, _sut.Peek<CounterGrain>("a"));
    }

    [Fact]
    public async Task Count_AfterActivationsOfTwoTypes_CountsLiveActivationsPerType()
    {
        await _sut.GetAsync<CounterGrain>("a");
        await _sut.GetAsync<CounterGrain>("b");
        await _sut.GetAsync<CounterGrain>("a");
        await _sut.GetAsync<OtherGrain>("a");

        Assert.Equal(2, _sut.Count<CounterGrain>());
        Assert.Equal(1, _sut.Count<OtherGrain>());
        await _sut.DeactivateAsync<CounterGrain>("b");
        Assert.Equal(1, _sut.Count<CounterGrain>());
    }

    [Fact]
    public async Task GetAsync_OnAnUnregisteredType_Throws()
    {
        await using var sut = new GrainHost(new GrainHostOptions(), _time);

        var error = Assert.Throws<InvalidOperationException>(() => sut.GetAsync<CounterGrain>("a"));

        Assert.Equal("No grain type CounterGrain is registered with the host.", error.Message);
    }

    [Fact]
    public async Task DisposeAsync_WithLiveGrains_DeactivatesEveryOne()
    {
        var a = await _sut.GetAsync<CounterGrain>("a");
        var b = await _sut.GetAsync<CounterGrain>("b");

        await _sut.DisposeAsync();

        Assert.True(a.IsDeactivated);
        Assert.True(b.IsDeactivated);
        Assert.Equal(0, _sut.Count<CounterGrain>());
    }

    [Fact]
    public async Task GetAsync_ThousandsOfNewIdsFromFourThreadsWhileTheDirectoryGrows_ActivateEachOnce_AndPeekFindsEveryOne()
    {
        const int Ids = 5_000;
        var ids = Enumerable.Range(0, Ids).Select(i => $"grain-{i}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            await start.Task;
            var seen = new CounterGrain[Ids];
            for (var n = 0; n < Ids; n++)
            {
                var i = t % 2 == 0 ? n : Ids - 1 - n; // two threads from each end, so they meet on ids being activated
                seen[i] = await _sut.GetAsync<CounterGrain>(ids[i]);
            }
            return seen;
        })).ToArray();

        start.SetResult();
        var results = await Task.WhenAll(threads);

        Assert.Equal(Ids, _created);
        Assert.Equal(Ids, _sut.Count<CounterGrain>());
        for (var i = 0; i < Ids; i++)
        {
            Assert.All(results, seen => Assert.Same(results[0][i], seen[i]));
            Assert.Same(results[0][i], _sut.Peek<CounterGrain>(ids[i]));
            Assert.Equal(ids[i], results[0][i].Id);
        }
        Assert.Null(_sut.Peek<CounterGrain>("grain-none"));
    }

    [Fact]
    public async Task GetAsync_RacingDeactivationsOfTheSameIds_LeavesExactlyOneLiveEntryPerId()
    {
        const int Ids = 64, Rounds = 3_000;
        var ids = Enumerable.Range(0, Ids).Select(i => $"g{i}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 3).Select(t => Task.Run(async () =>
        {
            await start.Task;
            // At least Rounds calls, and on until the deactivator has made the callers reactivate some ids: on two
            // cores the callers could otherwise finish before the deactivator's first turn (bounded all the same).
            for (var n = 0; (n < Rounds || Volatile.Read(ref _created) <= 2 * Ids) && n < 2_000_000; n++)
            {
                await _sut.GetAsync<CounterGrain>(ids[(n * 7 + t) % Ids]);
                if (n % 64 == 0) await Task.Yield(); // let the deactivator in between
            }
        })).ToArray();
        var callersDone = Task.WhenAll(callers);
        var deactivator = Task.Run(async () =>
        {
            await start.Task;
            for (var n = 0; !callersDone.IsCompleted && n < 10_000_000; n++)
            {
                await _sut.DeactivateAsync<CounterGrain>(ids[(n * 13) % Ids]);
                if (n % 64 == 0) await Task.Yield();
            }
        });

        start.SetResult();
        await Task.WhenAll(callersDone, deactivator);

        // Deactivated activations leave the directory (no dead entry lingers beside a new one): afterwards each id has
        // exactly one entry, the live one GetAsync gives.
        Assert.True(_created > 2 * Ids, "the deactivator raced the callers");
        Assert.InRange(_sut.Count<CounterGrain>(), 0, Ids);
        foreach (var id in ids)
        {
            var grain = await _sut.GetAsync<CounterGrain>(id);
            Assert.False(grain.IsDeactivated);
            Assert.Same(grain, _sut.Peek<CounterGrain>(id));
        }
        Assert.Equal(Ids, _sut.Count<CounterGrain>());
        Assert.Equal(Ids, _sut.Active<CounterGrain>().Count);
    }
}

using Routero.Grains.Tests.TestSupport;
using Routero.Hosting;

namespace Routero.Grains.Tests.Hosting;

/// <summary>A cluster grain idle for <see cref="GrainHostOptions.IdleLeaseReturn"/> gives back what it need not keep.</summary>
public sealed class GrainHostIdleLeaseTests : IAsyncDisposable
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(5);

    private readonly FakeTime _time = new(GrainWorld.T0);
    private readonly GrainHost _sut;

    public GrainHostIdleLeaseTests()
    {
        _sut = new GrainHost(new GrainHostOptions { IdleLeaseReturn = After }, _time);
        _sut.Register(id => new CounterGrain(id));
    }

    public ValueTask DisposeAsync() => _sut.DisposeAsync();

    [Fact]
    public async Task ReturnIdleLeasesAsync_OnlyAfterTheGrainWasIdleLongEnough_AndOnce()
    {
        var grain = await _sut.GetAsync<CounterGrain>("a");
        grain.LeasesIdleSince = _time.GetTimestamp();

        Assert.Equal(0, await _sut.ReturnIdleLeasesAsync());
        _time.Advance(After - TimeSpan.FromTicks(1));
        Assert.Equal(0, await _sut.ReturnIdleLeasesAsync());
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, await _sut.ReturnIdleLeasesAsync());
        Assert.Equal(0, await _sut.ReturnIdleLeasesAsync());

        Assert.Equal(1, grain.IdleReturns);
        Assert.Equal(0, grain.Deactivations); // it gave back leases; it stays active
    }

    [Fact]
    public async Task ReturnIdleLeasesAsync_WithARequestInFlight_LeavesTheGrainAlone()
    {
        var grain = await _sut.GetAsync<CounterGrain>("a");
        grain.LeasesIdleSince = _time.GetTimestamp();
        grain.Deactivatable = false;
        _time.Advance(After);

        Assert.Equal(0, await _sut.ReturnIdleLeasesAsync());
        Assert.Equal(0, grain.IdleReturns);
    }

    [Fact]
    public async Task ReturnIdleLeasesAsync_WithoutTheOption_DoesNothing()
    {
        await using var host = new GrainHost(new GrainHostOptions(), _time);
        host.Register(id => new CounterGrain(id));
        var grain = await host.GetAsync<CounterGrain>("a");
        grain.LeasesIdleSince = 0;
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, await host.ReturnIdleLeasesAsync());
        Assert.Equal(0, grain.IdleReturns);
    }
}

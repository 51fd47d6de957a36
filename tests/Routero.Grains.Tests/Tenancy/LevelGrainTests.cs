using Routero.Admission;
using Routero.Grains.Tests.TestSupport;
using Routero.Money;
using Routero.Pricing;
using Routero.Storage;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Tenancy;

public sealed class LevelGrainTests : IAsyncLifetime
{
    private const long Dollar = 1_000_000_000;
    private static readonly CostEstimate Estimate = new(PromptTokens: 100, MaxOutputTokens: 100, new ModelPrice(10, 100, 4096));

    private GrainWorld _world = null!;

    public async Task InitializeAsync() => _world = await GrainWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static async Task SpendAsync(IAdmissionLevel level, long nanos)
    {
        var answer = await level.TryAdmitAsync(Estimate, "gpt-test", Estimate.MaxOutputTokens);
        Assert.Equal(RefusalReason.None, answer.Refusal);
        await level.SettleAsync(answer.Hold, new Usd(nanos), 150);
    }

    [Fact]
    public async Task OnActivateAsync_AfterDeactivation_RestoresThePersistedSpend()
    {
        await _world.PutAsync(Tenants.Team(Budget(Dollar)));
        var old = await _world.Host.GetAsync<TeamGrain>(TeamId);
        await SpendAsync(old, 7_000);
        await SpendAsync(old, 5_000);
        await _world.Spend.FlushAsync();
        await _world.Host.DeactivateAsync<TeamGrain>(TeamId);

        var sut = await _world.Host.GetAsync<TeamGrain>(TeamId);

        Assert.NotSame(old, sut);
        Assert.Equal((new Usd(12_000), new Usd(12_000), (DateTimeOffset?)null), sut.Spend);
        Assert.Equal(Dollar - 12_000, await Probe.RemainingBudgetAsync(sut));
    }

    [Fact]
    public async Task OnActivateAsync_WithCountersStillQueued_FlushesThemBeforeReading()
    {
        await _world.PutAsync(Tenants.Team(Budget(Dollar)));
        var old = await _world.Host.GetAsync<TeamGrain>(TeamId);
        var held = _world.Store.HoldNextWrite();
        await SpendAsync(old, 7_000);
        await held.Arrived;
        await SpendAsync(old, 5_000);
        await _world.Host.DeactivateAsync<TeamGrain>(TeamId);

        var activation = _world.Host.GetAsync<TeamGrain>(TeamId).AsTask();
        held.Open();
        var sut = await activation;

        Assert.Equal(Dollar - 12_000, await Probe.RemainingBudgetAsync(sut));
    }

    [Fact]
    public async Task RefreshAsync_AfterTheRecordChanged_AppliesItAndBumpsThePolicyEpoch()
    {
        await _world.PutAsync(Tenants.Team(new Limits { RpmLimit = 1 }));
        var sut = await _world.Host.GetAsync<TeamGrain>(TeamId);
        await _world.UpdateAsync(Tenants.Team(new Limits { RpmLimit = 3 }) with { TeamAlias = "renamed", Models = ["gpt-4o"] }, version: 2);
        var epoch = _world.Context.PolicyEpoch;

        await sut.RefreshAsync();

        Assert.Equal(epoch + 1, _world.Context.PolicyEpoch);
        Assert.Equal(2, sut.Version);
        Assert.Equal(["gpt-4o"], sut.Record!.Models);
        Assert.Null(sut.Record.TeamAlias); // names stay in storage: the grain keeps what admission reads
        Assert.Equal(3, sut.Limits.RpmLimit);
        Assert.Equal(3, await Probe.AdmitUntilRefusedAsync(sut, Estimate));
    }

    [Fact]
    public async Task AnEmbeddedGrain_KeepsItsLimitsOnce_InItsQuota_AndGivesThemBackWhole()
    {
        var limits = new Limits { MaxBudget = 2m, SoftBudget = 1m, BudgetDuration = "7d", BudgetAnchor = GrainWorld.T0, RpmLimit = 5, TpmLimit = 500_000L, MaxParallelRequests = 8 };
        await _world.PutAsync(Tenants.Team(limits));
        var sut = await _world.Host.GetAsync<TeamGrain>(TeamId);

        Assert.Same(Limits.None, sut.Record!.Limits);
        Assert.Equal(limits, sut.Limits);
        Assert.Equal((sut.Record, limits), await sut.ReadLimitsAsync());
        Assert.Equal(5, await Probe.AdmitUntilRefusedAsync(sut, Estimate)); // enforced all the same
    }

    [Fact]
    public async Task RefreshAsync_AfterTheRecordWasDeleted_LeavesNoRecordAndRefusesAsBlocked()
    {
        await _world.PutAsync(Tenants.Team());
        var sut = await _world.Host.GetAsync<TeamGrain>(TeamId);
        await _world.DeleteAsync(EntityKind.Team, TeamId);

        await sut.RefreshAsync();

        Assert.Null(sut.Record);
        Assert.Equal(0, sut.Version);
        Assert.Equal(RefusalReason.Blocked, (await sut.TryAdmitAsync(Estimate, "gpt-test", 100)).Refusal);
    }

    [Fact]
    public async Task GetAsync_OnAnIdThatWasNeverStored_ActivatesWithoutARecord()
    {
        var sut = await _world.Host.GetAsync<UserGrain>("nobody");

        Assert.Null(sut.Record);
        Assert.Equal(RefusalReason.Blocked, (await sut.TryAdmitAsync(Estimate, "gpt-test", 100)).Refusal);
    }

    [Fact]
    public async Task TryAdmitAsync_WhenMaxParallelRequestsAreInFlight_RefusesWithConcurrencyLimited()
    {
        await _world.PutAsync(Tenants.User(new Limits { MaxParallelRequests = 2 }));
        var sut = await _world.Host.GetAsync<UserGrain>(UserId);
        var first = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);
        await sut.TryAdmitAsync(Estimate, "gpt-test", 100);

        var refused = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);
        await sut.ReleaseAsync(first.Hold);
        var afterRelease = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);

        Assert.Equal(RefusalReason.ConcurrencyLimited, refused.Refusal);
        Assert.Equal(RefusalReason.None, afterRelease.Refusal);
        Assert.False(sut.CanDeactivate);
    }

    [Fact]
    public async Task RateWindow_OnTheNextMinute_AdmitsAgain()
    {
        await _world.PutAsync(Tenants.User(new Limits { RpmLimit = 1 }));
        var sut = await _world.Host.GetAsync<UserGrain>(UserId);
        await SpendAsync(sut, 1_000);
        var refused = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);
        _world.Time.Advance(TimeSpan.FromSeconds(45));
        var stillRefused = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);
        _world.Time.Advance(TimeSpan.FromSeconds(15));

        var admitted = await sut.TryAdmitAsync(Estimate, "gpt-test", 100);

        Assert.Equal((RefusalReason.RequestRateLimited, TimeSpan.FromSeconds(60)), (refused.Refusal, refused.RetryAfter));
        Assert.Equal((RefusalReason.RequestRateLimited, TimeSpan.FromSeconds(15)), (stillRefused.Refusal, stillRefused.RetryAfter));
        Assert.Equal(RefusalReason.None, admitted.Refusal);
    }

    [Fact]
    public async Task RefreshAsync_TwoOverlappingRefreshes_KeepTheNewerRecord()
    {
        await _world.PutAsync(Tenants.Team(new Limits { RpmLimit = 1 }));
        var sut = await _world.Host.GetAsync<TeamGrain>(TeamId);
        await _world.UpdateAsync(Tenants.Team(new Limits { RpmLimit = 2 }), version: 2);
        var slowRead = _world.Store.HoldNextGet();
        var slow = sut.RefreshAsync();
        await slowRead.Arrived;
        await _world.UpdateAsync(Tenants.Team(new Limits { RpmLimit = 3 }), version: 3);
        var second = sut.RefreshAsync();

        slowRead.Open();
        await slow;
        await second;

        Assert.Equal(3, sut.Version);
        Assert.Equal(3, sut.Limits.RpmLimit);
    }

    [Fact]
    public async Task Refresh_AsTheSiloDoesIt_DuringAnActivationThatReadTheOldRecord_IsNotLost()
    {
        await _world.PutAsync(Tenants.Team(new Limits { RpmLimit = 1 }));
        var read = _world.Store.HoldNextGet();
        var activation = _world.Host.GetAsync<TeamGrain>(TeamId).AsTask();
        await read.Arrived;
        await _world.UpdateAsync(Tenants.Team(new Limits { RpmLimit = 2 }), version: 2);

        // SiloRuntime.RefreshAsync: refresh the grain if it is active or activating here.
        var refresh = Task.Run(async () =>
        {
            if (await _world.Host.PeekActivatedAsync<TeamGrain>(TeamId) is { } active) await active.RefreshAsync();
        });
        read.Open();
        await refresh;
        var sut = await activation;

        Assert.Equal(2, sut.Version);
        Assert.Equal(2, sut.Limits.RpmLimit);
    }
}

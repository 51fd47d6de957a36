using Routero.Admission;
using Routero.Grains.Tests.TestSupport;
using Routero.Money;
using Routero.Pricing;
using Routero.Storage;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Admission;

public sealed class AdmissionPipelineTests : IAsyncLifetime
{
    private const string Model = "gpt-test";
    private const long Dollar = 1_000_000_000;

    // 10 nanodollars per prompt token, 100 per output token: 100 prompt tokens cost 1,000; 1,000 output tokens 100,000.
    private static readonly ModelPrice Price = new(10, 100, 4096);
    private static readonly CostEstimate Estimate = new(PromptTokens: 100, MaxOutputTokens: 1_000, Price);
    private const long FullReservation = 1_000 + 100 * 1_000;

    private GrainWorld _world = null!;

    public async Task InitializeAsync() => _world = await GrainWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static Limits Rpm(int rpm, long budgetNanos = Dollar) => Budget(budgetNanos) with { RpmLimit = rpm };

    private async Task<long?[]> RemainingBudgetsAsync(IAdmissionLevel[] levels)
    {
        var remaining = new long?[levels.Length];
        for (var i = 0; i < levels.Length; i++) remaining[i] = await Probe.RemainingBudgetAsync(levels[i]);
        return remaining;
    }

    private static bool[] Deactivatable(IAdmissionLevel[] levels) =>
        [.. levels.Select(l => l switch
        {
            KeyGrain k => k.CanDeactivate,
            CustomerGrain c => c.CanDeactivate,
            UserGrain u => u.CanDeactivate,
            TeamGrain t => t.CanDeactivate,
            OrganizationGrain o => o.CanDeactivate,
            _ => throw new ArgumentOutOfRangeException(nameof(levels)),
        })];

    [Fact]
    public async Task AdmitAsync_WhenAllFiveLevelsAllow_HoldsTheFullReservationOnEachLevel()
    {
        await _world.PutChainAsync(Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar));
        var levels = await _world.ChainAsync();

        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.True(sut.Admitted);
        Assert.Equal(RefusalReason.None, sut.Refusal);
        Assert.Equal(1_000, sut.Ticket!.GrantedOutputTokens);
        Assert.Equal(new Usd(FullReservation), sut.Ticket.Reserved);
        Assert.Equal(new Usd(Dollar - FullReservation), sut.Ticket.RemainingBudget);
        Assert.Equal(Enumerable.Repeat<long?>(Dollar - FullReservation, 5), await RemainingBudgetsAsync(levels));
        Assert.Equal([false, false, false, false, false], Deactivatable(levels));
    }

    [Fact]
    public async Task AdmitAsync_WhenTheTeamRpmIsUsedUp_RefusesAndGivesBackWhatEarlierLevelsHeld()
    {
        await _world.PutChainAsync(key: Rpm(2), customer: Rpm(2), user: Rpm(2), team: Rpm(1));
        var levels = await _world.ChainAsync();
        var first = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);
        await first.Ticket!.SettleAsync(new Usd(5_000), 150);

        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.False(sut.Admitted);
        Assert.Equal(RefusalReason.RequestRateLimited, sut.Refusal);
        Assert.Equal(EntityKind.Team, sut.RefusedBy);
        Assert.Equal(TeamId, sut.RefusedId);
        Assert.Equal(GrainWorld.RateWindow, sut.RetryAfter);
        Assert.Equal([true, true, true, true, true], Deactivatable(levels));
        // Key, customer and user counted one request each and hold no budget: each has exactly one request left.
        Assert.Equal([Dollar - 5_000, Dollar - 5_000, Dollar - 5_000], (await RemainingBudgetsAsync(levels[..3])).Select(r => r!.Value));
        foreach (var level in levels[..3]) Assert.Equal(1, await Probe.AdmitUntilRefusedAsync(level, Estimate));
    }

    [Fact]
    public async Task AdmitAsync_WhenTheOrganizationBudgetCannotPayThePrompt_RefusesAndReleasesEveryEarlierHold()
    {
        await _world.PutChainAsync(key: Rpm(1), customer: Rpm(1), user: Rpm(1), team: Rpm(1), org: Budget(1_000));

        var levels = await _world.ChainAsync();
        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.False(sut.Admitted);
        Assert.Equal(RefusalReason.BudgetExceeded, sut.Refusal);
        Assert.Equal(EntityKind.Organization, sut.RefusedBy);
        Assert.Equal(OrgId, sut.RefusedId);
        Assert.Equal(TimeSpan.Zero, sut.RetryAfter);
        Assert.Equal([Dollar, Dollar, Dollar, Dollar, 1_000], (await RemainingBudgetsAsync(levels)).Select(r => r!.Value));
        foreach (var level in levels[..4]) Assert.Equal(1, await Probe.AdmitUntilRefusedAsync(level, Estimate));
    }

    [Fact]
    public async Task AdmitAsync_WhenLevelsPayForDifferentOutputTokens_GrantsTheLeastAndHoldsThatOnEveryLevel()
    {
        // The key pays for 600 output tokens, the team for 300; 50 nanodollars are left over at both.
        await _world.PutChainAsync(key: Budget(1_000 + 100 * 600 + 50), user: Budget(Dollar), team: Budget(1_000 + 100 * 300 + 50), org: Budget(Dollar));
        var levels = await _world.ChainAsync();

        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        const long held = 1_000 + 100 * 300;
        Assert.Equal(300, sut.Ticket!.GrantedOutputTokens);
        Assert.Equal(new Usd(held), sut.Ticket.Reserved);
        Assert.Equal(new Usd(50), sut.Ticket.RemainingBudget);
        Assert.Equal(new long?[] { 1_000 + 100 * 600 + 50 - held, null, Dollar - held, 50, Dollar - held }, await RemainingBudgetsAsync(levels));
    }

    [Fact]
    public async Task SettleAsync_AfterAdmission_TurnsTheHoldIntoSpendOnEveryLevelAndPersistsTheCounters()
    {
        await _world.PutChainAsync(Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar));
        var levels = await _world.ChainAsync();
        var ticket = (await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Ticket!;

        await ticket.SettleAsync(new Usd(42_000), 400);

        Assert.True(ticket.IsEnded);
        Assert.Equal(Enumerable.Repeat<long?>(Dollar - 42_000, 5), await RemainingBudgetsAsync(levels));
        Assert.Equal([true, true, true, true, true], Deactivatable(levels));
        Assert.Equal((new Usd(42_000), new Usd(42_000), (DateTimeOffset?)null), ((KeyGrain)levels[0]).Spend);
        await _world.Spend.FlushAsync();
        foreach (var level in levels)
            Assert.Equal(new BudgetCounter(level.Kind, level.Id, GrainWorld.T0, 42_000, 42_000), await _world.Store.GetCounterAsync(level.Kind, level.Id));
    }

    [Fact]
    public async Task ReleaseAsync_AfterAdmission_GivesBackBudgetSlotsAndRateOnEveryLevel()
    {
        var limits = Rpm(1) with { MaxParallelRequests = 1 };
        await _world.PutChainAsync(limits, limits, limits, limits, limits);
        var levels = await _world.ChainAsync();
        var ticket = (await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Ticket!;

        await ticket.ReleaseAsync();

        Assert.True(ticket.IsEnded);
        Assert.Equal([true, true, true, true, true], Deactivatable(levels));
        Assert.Equal(Enumerable.Repeat<long?>(Dollar, 5), await RemainingBudgetsAsync(levels));
        Assert.Equal((Usd.Zero, Usd.Zero, (DateTimeOffset?)null), ((TeamGrain)levels[3]).Spend);
        Assert.True((await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Admitted);
    }

    [Fact]
    public async Task SettleAsync_CalledTwice_SettlesOnce()
    {
        await _world.PutChainAsync(Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar));
        var levels = await _world.ChainAsync();
        var ticket = (await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Ticket!;

        await ticket.SettleAsync(new Usd(42_000), 400);
        await ticket.SettleAsync(new Usd(42_000), 400);
        await ticket.ReleaseAsync();

        Assert.Equal(Enumerable.Repeat<long?>(Dollar - 42_000, 5), await RemainingBudgetsAsync(levels));
        Assert.Equal((new Usd(42_000), new Usd(42_000), (DateTimeOffset?)null), ((OrganizationGrain)levels[4]).Spend);
    }

    [Fact]
    public async Task ReleaseAsync_CalledTwice_ReleasesOnce()
    {
        await _world.PutChainAsync(Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar), Budget(Dollar));
        var levels = await _world.ChainAsync();
        var held = (await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Ticket!;
        var ticket = (await AdmissionPipeline.AdmitAsync(levels, Estimate, Model)).Ticket!;

        await ticket.ReleaseAsync();
        await ticket.ReleaseAsync();
        await ticket.SettleAsync(new Usd(42_000), 400);

        // Only the other, still held request remains reserved; nothing was spent.
        Assert.Equal(Enumerable.Repeat<long?>(Dollar - FullReservation, 5), await RemainingBudgetsAsync(levels));
        Assert.Equal((Usd.Zero, Usd.Zero, (DateTimeOffset?)null), ((UserGrain)levels[2]).Spend);
        await held.ReleaseAsync();
    }

    [Fact]
    public async Task AdmitAsync_WhenALevelIsBlocked_RefusesWithBlockedAndReleasesEarlierLevels()
    {
        await _world.PutChainAsync(key: Budget(Dollar));
        var team = await _world.Host.GetAsync<TeamGrain>(TeamId);
        await _world.UpdateAsync(Tenants.Team() with { Blocked = true }, version: 2);
        await team.RefreshAsync();
        var levels = await _world.ChainAsync();

        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.Equal(RefusalReason.Blocked, sut.Refusal);
        Assert.Equal(EntityKind.Team, sut.RefusedBy);
        Assert.Equal(TeamId, sut.RefusedId);
        Assert.Equal(Dollar, await Probe.RemainingBudgetAsync(levels[0]));
        Assert.Equal([true, true, true, true, true], Deactivatable(levels));
    }

    [Fact]
    public async Task AdmitAsync_WithAKeyPinOnTheModel_AppliesThePinsRpm()
    {
        var pinned = Tenants.Key() with { ModelLimits = new Dictionary<string, ModelLimit> { [Model] = new() { RpmLimit = 2 } } };
        await _world.PutAsync(Tenants.Org());
        await _world.PutAsync(pinned);
        var key = await _world.Host.GetAsync<KeyGrain>(KeyId);
        var org = await _world.Host.GetAsync<OrganizationGrain>(OrgId);
        var pin = key.PinFor(Model)!;
        IAdmissionLevel[] levels = [key, pin, org];

        var first = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);
        var second = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);
        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.Equal(RefusalReason.RequestRateLimited, sut.Refusal);
        Assert.Equal(EntityKind.Key, sut.RefusedBy);
        Assert.Equal($"{KeyId}/{Model}", sut.RefusedId);
        Assert.Null(key.PinFor("other-model"));
        Assert.True((await AdmissionPipeline.AdmitAsync(new IAdmissionLevel[] { key, org }, Estimate, "other-model")).Admitted);
    }

    [Fact]
    public async Task AdmitAsync_WithAKeyPinBudget_GrantsWhatThePinPaysFor()
    {
        var pinned = Tenants.Key() with { ModelLimits = new Dictionary<string, ModelLimit> { [Model] = new() { MaxBudget = (1_000 + 100 * 250) / 1_000_000_000m } } };
        await _world.PutAsync(Tenants.Org(Budget(Dollar)));
        await _world.PutAsync(pinned);
        var key = await _world.Host.GetAsync<KeyGrain>(KeyId);
        var org = await _world.Host.GetAsync<OrganizationGrain>(OrgId);
        IAdmissionLevel[] levels = [key, key.PinFor(Model)!, org];

        var sut = await AdmissionPipeline.AdmitAsync(levels, Estimate, Model);

        Assert.Equal(250, sut.Ticket!.GrantedOutputTokens);
        Assert.Equal(new long?[] { null, 0, Dollar - (1_000 + 100 * 250) }, await RemainingBudgetsAsync(levels));
    }

    [Fact]
    public async Task AdmitAsync_WhenALaterLevelThrows_ReleasesWhatEarlierLevelsHeld()
    {
        await _world.PutChainAsync(key: Budget(Dollar));
        var levels = await _world.ChainAsync();
        await _world.Host.DeactivateAsync<TeamGrain>(TeamId);

        await Assert.ThrowsAsync<Routero.Hosting.GrainDeactivatedException>(() => AdmissionPipeline.AdmitAsync(levels, Estimate, Model).AsTask());

        Assert.Equal([true, true, true], Deactivatable(levels[..3]));
        Assert.Equal(Dollar, await Probe.RemainingBudgetAsync(levels[0]));
    }
}

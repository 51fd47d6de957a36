using Routero.Admission;
using Routero.Grains.Tests.TestSupport;
using Routero.Money;
using Routero.Pricing;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Admission;

public sealed class AdmissionPipelineConcurrencyTests : IAsyncLifetime
{
    private const int Requests = 2_000;
    private const int Affordable = 500;

    // Every request reserves and then costs exactly 11,000 nanodollars, so a budget of 500 of them is spent
    // exactly by the 500 that fit, whatever the interleaving.
    private static readonly CostEstimate Estimate = new(PromptTokens: 100, MaxOutputTokens: 100, new ModelPrice(10, 100, 4096));
    private const long Cost = 100 * 10 + 100 * 100;

    private GrainWorld _world = null!;

    public async Task InitializeAsync() => _world = await GrainWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<int> HammerAsync(IAdmissionLevel[] levels)
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => Task.Run(async () =>
        {
            var outcome = await AdmissionPipeline.AdmitAsync(levels, Estimate, "gpt-test");
            if (!outcome.Admitted) return (Admitted: false, Reserved: Usd.Zero, outcome.Refusal);
            var reserved = outcome.Ticket!.Reserved;
            await outcome.Ticket.SettleAsync(new Usd(Cost), 200);
            return (Admitted: true, Reserved: reserved, outcome.Refusal);
        })));
        Assert.All(outcomes.Where(o => o.Admitted), o => Assert.Equal(new Usd(Cost), o.Reserved));
        Assert.All(outcomes.Where(o => !o.Admitted), o => Assert.Equal(RefusalReason.BudgetExceeded, o.Refusal));
        return outcomes.Count(o => o.Admitted);
    }

    [Fact]
    public async Task AdmitAndSettle_TwoThousandConcurrentOnOneBudgetedKey_SpendExactlyTheBudget()
    {
        await _world.PutChainAsync(key: Budget(Affordable * Cost));
        var levels = await _world.ChainAsync();

        var admitted = await HammerAsync(levels);

        Assert.Equal(Affordable, admitted);
        var key = (KeyGrain)levels[0];
        Assert.Equal(new Usd(admitted * Cost), key.Spend!.Value.Window);
        Assert.Equal(new Usd(admitted * Cost), ((OrganizationGrain)levels[4]).Spend!.Value.Lifetime);
        Assert.Equal(0, await Probe.RemainingBudgetAsync(key));
        Assert.True(key.CanDeactivate);
        await _world.Spend.FlushAsync();
        Assert.Equal(admitted * Cost, (await _world.Store.GetCounterAsync(EntityKind.Key, KeyId))!.Value.WindowSpentNanos);
    }

    [Fact]
    public async Task AdmitAndSettle_TwoThousandConcurrentWhenTheOrganizationBinds_ReleaseKeyHoldsAndSpendExactlyTheOrgBudget()
    {
        await _world.PutChainAsync(key: Budget(1_000_000_000), org: Budget(Affordable * Cost));
        var levels = await _world.ChainAsync();

        var admitted = await HammerAsync(levels);

        Assert.Equal(Affordable, admitted);
        var key = (KeyGrain)levels[0];
        Assert.Equal(new Usd(admitted * Cost), key.Spend!.Value.Window);
        Assert.Equal(new Usd(admitted * Cost), ((OrganizationGrain)levels[4]).Spend!.Value.Window);
        Assert.Equal(1_000_000_000 - admitted * Cost, await Probe.RemainingBudgetAsync(key));
        Assert.True(key.CanDeactivate);
    }
}

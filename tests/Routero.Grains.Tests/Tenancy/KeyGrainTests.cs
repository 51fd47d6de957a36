using Routero.Admission;
using Routero.Grains.Tests.TestSupport;
using Routero.Money;
using Routero.Pricing;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Tenancy;

public sealed class KeyGrainTests : IAsyncLifetime
{
    private const string Model = "gpt-pinned";
    private static readonly CostEstimate Estimate = new(PromptTokens: 100, MaxOutputTokens: 100, new ModelPrice(10, 100, 4096));

    private GrainWorld _world = null!;

    public async Task InitializeAsync() => _world = await GrainWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static KeyRecord Pinned(ModelLimit limit, bool exclusive = false) =>
        Tenants.Key() with { ModelLimits = new Dictionary<string, ModelLimit> { [Model] = limit }, ModelLimitsEnabled = exclusive };

    [Fact]
    public async Task PinsExclude_WhenModelLimitsAreEnabled_ExcludesModelsWithoutAPin()
    {
        await _world.PutAsync(Pinned(new ModelLimit { RpmLimit = 5 }, exclusive: true));

        var sut = await _world.Host.GetAsync<KeyGrain>(KeyId);

        Assert.False(sut.PinsExclude(Model));
        Assert.True(sut.PinsExclude("other-model"));
    }

    [Fact]
    public async Task RefreshAsync_WhenThePinLimitChanges_KeepsThePinsCounters()
    {
        await _world.PutAsync(Pinned(new ModelLimit { RpmLimit = 2 }));
        var sut = await _world.Host.GetAsync<KeyGrain>(KeyId);
        Assert.Equal(2, await Probe.AdmitUntilRefusedAsync(sut.PinFor(Model)!, Estimate));
        await _world.UpdateAsync(Pinned(new ModelLimit { RpmLimit = 3 }), version: 2);

        await sut.RefreshAsync();

        Assert.Equal(1, await Probe.AdmitUntilRefusedAsync(sut.PinFor(Model)!, Estimate));
    }

    [Fact]
    public async Task CreditLimit_WhenTheLifetimeCapIsTighterThanTheBudget_Binds()
    {
        await _world.PutAsync(Tenants.Key(Budget(1_000_000_000)) with { CreditLimitUsd = 0.000_050_000m });
        var sut = await _world.Host.GetAsync<KeyGrain>(KeyId);

        var answer = await sut.TryAdmitAsync(Estimate, Model, 100);
        await sut.SettleAsync(answer.Hold, new Usd(20_000), 200);

        Assert.Equal(30_000, await Probe.RemainingBudgetAsync(sut));
    }

    [Fact]
    public async Task PinBudget_AfterTheKeyGrainIsReactivated_KeepsItsSpend()
    {
        await _world.PutAsync(Pinned(new ModelLimit { MaxBudget = 0.000_100_000m }));
        var old = await _world.Host.GetAsync<KeyGrain>(KeyId);
        var ticket = (await AdmissionPipeline.AdmitAsync(new[] { old, old.PinFor(Model)! }, Estimate, Model)).Ticket!;
        await ticket.SettleAsync(new Usd(40_000), 200);
        await _world.Spend.FlushAsync();
        await _world.Host.DeactivateAsync<KeyGrain>(KeyId);

        var sut = await _world.Host.GetAsync<KeyGrain>(KeyId);

        Assert.NotSame(old, sut);
        Assert.Equal(60_000, await Probe.RemainingBudgetAsync(sut.PinFor(Model)!));
    }
}

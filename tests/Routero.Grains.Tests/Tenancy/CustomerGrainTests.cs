using Routero.Grains.Tests.TestSupport;
using Routero.Storage;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Tenancy;

public sealed class CustomerGrainTests : IAsyncLifetime
{
    private static readonly OrganizationRecord Organization =
        Tenants.Org() with { DefaultCustomerMaxBudget = 2.5m, DefaultCustomerBudgetDuration = "1d" };

    private GrainWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await GrainWorld.StartAsync();
        await _world.PutAsync(Organization);
        _world.Time.Advance(TimeSpan.FromHours(3));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task<Page<StoredEntity>> CustomerRowsAsync() => _world.Store.ListAsync(new EntityQuery(EntityKind.Customer));

    private static CustomerRecord Stored(StoredEntity row) => System.Text.Json.JsonSerializer.Deserialize<CustomerRecord>(row.Json, GrainContext.RecordJson)!;

    [Fact]
    public void ScopedId_JoinsOrganizationAndCustomer()
    {
        Assert.Equal("org-1|alice", CustomerGrain.ScopedId("org-1", "alice"));
        Assert.Equal("|alice", CustomerGrain.ScopedId(null, "alice"));
    }

    [Fact]
    public async Task EnsureExistsAsync_OnFirstSight_CreatesTheCustomerWithTheOrganizationsDefaults()
    {
        var sut = await _world.Host.GetAsync<CustomerGrain>(CustomerId);

        await sut.EnsureExistsAsync(Organization, CustomerName);

        var now = GrainWorld.T0.AddHours(3);
        var record = sut.Record!;
        Assert.Equal((CustomerName, OrgId, now), (record.UserId, record.OrganizationId, record.CreatedAt));
        Assert.Equal(new Limits { MaxBudget = 2.5m, BudgetDuration = "1d", BudgetAnchor = now }, sut.Limits);
        Assert.Equal(1, sut.Version);
        Assert.Equal(2_500_000_000, await Probe.RemainingBudgetAsync(sut));
        var row = Assert.Single((await CustomerRowsAsync()).Items);
        Assert.Equal((CustomerId, OrgId, CustomerName), (row.Id, row.OrganizationId, row.Alias));
        Assert.Equal("auto", Stored(row).CreatedBy);
    }

    [Fact]
    public async Task EnsureExistsAsync_CalledAgain_ChangesNothing()
    {
        var sut = await _world.Host.GetAsync<CustomerGrain>(CustomerId);
        await sut.EnsureExistsAsync(Organization, CustomerName);
        var record = sut.Record;
        var epoch = _world.Context.PolicyEpoch;

        await sut.EnsureExistsAsync(Organization with { DefaultCustomerMaxBudget = 99m }, CustomerName);

        Assert.Same(record, sut.Record);
        Assert.Equal(epoch, _world.Context.PolicyEpoch);
        Assert.Equal(1, (await CustomerRowsAsync()).Total);
    }

    [Fact]
    public async Task EnsureExistsAsync_WhenAnAdminCreatedTheCustomer_LoadsItInsteadOfOverwriting()
    {
        await _world.PutAsync(Tenants.Customer(new Limits { MaxBudget = 7m }) with { Alias = "by admin" });
        var sut = await _world.Host.GetAsync<CustomerGrain>(CustomerId);

        await sut.EnsureExistsAsync(Organization, CustomerName);

        Assert.Equal(7m, sut.Limits.MaxBudget);
        Assert.Equal("by admin", Stored(Assert.Single((await CustomerRowsAsync()).Items)).Alias);
    }

    [Fact]
    public async Task EnsureExistsAsync_TwoConcurrentFirstSightsOnOneActivation_CreateOneRow()
    {
        var sut = await _world.Host.GetAsync<CustomerGrain>(CustomerId);

        await Task.WhenAll(Task.Run(() => sut.EnsureExistsAsync(Organization, CustomerName)), Task.Run(() => sut.EnsureExistsAsync(Organization, CustomerName)));

        Assert.Equal(1, (await CustomerRowsAsync()).Total);
        Assert.Equal(2.5m, sut.Limits.MaxBudget);
    }

    [Fact]
    public async Task EnsureExistsAsync_TwoSilosSeeTheCustomerFirstAtOnce_CreateOneRow()
    {
        await using var other = _world.SecondSilo();
        var sut = await _world.Host.GetAsync<CustomerGrain>(CustomerId);
        var elsewhere = await other.Host.GetAsync<CustomerGrain>(CustomerId);

        await Task.WhenAll(Task.Run(() => sut.EnsureExistsAsync(Organization, CustomerName)), Task.Run(() => elsewhere.EnsureExistsAsync(Organization, CustomerName)));

        Assert.Equal(1, (await CustomerRowsAsync()).Total);
        Assert.Equal((sut.Limits, sut.Record!.CreatedAt), (elsewhere.Limits, elsewhere.Record!.CreatedAt));
        Assert.Equal(1, sut.Version);
        Assert.Equal(1, elsewhere.Version);
    }
}

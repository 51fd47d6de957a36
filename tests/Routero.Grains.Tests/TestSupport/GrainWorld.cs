using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Admission;
using Routero.Hosting;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>
/// One silo's grain side, built from real parts: a SQLite store on a temp file (behind the instrumented
/// decorator), a spend writer, a grain host with the five entity grains registered as the silo does, and a
/// fake clock. Seeds tenant rows the way the admin layer writes them.
/// </summary>
internal sealed class GrainWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private readonly TempDatabase _database;
    private readonly SqliteStore _sqlite;
    private readonly bool _ownsDatabase;

    private GrainWorld(TempDatabase database, bool ownsDatabase, FakeTime? time)
    {
        (_database, _ownsDatabase) = (database, ownsDatabase);
        _sqlite = database.Open();
        Store = new InstrumentedStore(_sqlite);
        Time = time ?? new FakeTime(T0);
        Host = new GrainHost(new GrainHostOptions(), Time);
        Spend = new SpendWriter(Store, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance);
        Context = new GrainContext(Store, Time, Spend, Host, RateWindow);
        var context = Context;
        Host.Register(id => new OrganizationGrain(id, context));
        Host.Register(id => new TeamGrain(id, context));
        Host.Register(id => new UserGrain(id, context));
        Host.Register(id => new CustomerGrain(id, context));
        Host.Register(id => new KeyGrain(id, context));
    }

    public InstrumentedStore Store { get; }
    public FakeTime Time { get; }
    public GrainHost Host { get; }
    public SpendWriter Spend { get; }
    public GrainContext Context { get; }

    public static async Task<GrainWorld> StartAsync()
    {
        var world = new GrainWorld(new TempDatabase(), ownsDatabase: true, time: null);
        await world.Store.MigrateAsync();
        return world;
    }

    /// <summary>A second silo on the same database file and clock.</summary>
    public GrainWorld SecondSilo() => new(_database, ownsDatabase: false, Time);

    /// <summary>Seeds the whole chain: organization, team, user, customer and key, each with the given limits.</summary>
    public async Task PutChainAsync(Limits? key = null, Limits? customer = null, Limits? user = null, Limits? team = null, Limits? org = null)
    {
        await PutAsync(Tenants.Org(org));
        await PutAsync(Tenants.Team(team));
        await PutAsync(Tenants.User(user));
        await PutAsync(Tenants.Customer(customer));
        await PutAsync(Tenants.Key(key));
    }

    /// <summary>The chain's levels in admission order: key, customer, user, team, organization.</summary>
    public async Task<IAdmissionLevel[]> ChainAsync() =>
    [
        await Host.GetAsync<KeyGrain>(Tenants.KeyId),
        await Host.GetAsync<CustomerGrain>(Tenants.CustomerId),
        await Host.GetAsync<UserGrain>(Tenants.UserId),
        await Host.GetAsync<TeamGrain>(Tenants.TeamId),
        await Host.GetAsync<OrganizationGrain>(Tenants.OrgId),
    ];

    public Task PutAsync<TRecord>(TRecord record) where TRecord : EntityRecord => CommitAsync(set => set.Inserts.Add(Row(record, 1)));

    public Task UpdateAsync<TRecord>(TRecord record, long version) where TRecord : EntityRecord =>
        CommitAsync(set => set.Updates.Add(Row(record, version)));

    public Task DeleteAsync(EntityKind kind, string id) => CommitAsync(set => set.Deletes.Add((kind, id)));

    private async Task CommitAsync(Action<ChangeSet> change)
    {
        var set = new ChangeSet();
        change(set);
        var result = await Store.CommitAsync(set);
        Assert.Equal(CommitStatus.Committed, result.Status);
    }

    /// <summary>The row the admin layer writes for a record.</summary>
    public static StoredEntity Row<TRecord>(TRecord record, long version) where TRecord : EntityRecord
    {
        var row = new StoredEntity
        {
            Kind = EntityKind.Organization,
            Id = "",
            Json = JsonSerializer.Serialize(record, GrainContext.RecordJson),
            Version = version,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
        };
        return record switch
        {
            OrganizationRecord o => row with { Kind = EntityKind.Organization, Id = o.OrganizationId, OrganizationId = o.OrganizationId },
            TeamRecord t => row with { Kind = EntityKind.Team, Id = t.TeamId, OrganizationId = t.OrganizationId },
            UserRecord u => row with { Kind = EntityKind.User, Id = u.UserId, OrganizationId = u.OrganizationId },
            CustomerRecord c => row with
            {
                Kind = EntityKind.Customer, Id = CustomerGrain.ScopedId(c.OrganizationId, c.UserId), OrganizationId = c.OrganizationId, Alias = c.UserId,
            },
            KeyRecord k => row with
            {
                Kind = EntityKind.Key, Id = k.KeyId, OrganizationId = k.OrganizationId, TeamId = k.TeamId, UserId = k.UserId, KeyHash = k.Token,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(record)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Spend.DisposeAsync();
        await _sqlite.DisposeAsync();
        if (_ownsDatabase) _database.Dispose();
    }
}

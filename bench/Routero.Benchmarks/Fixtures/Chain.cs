using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Admission;
using Routero.Bench.Seeding;
using Routero.Hosting;
using Routero.Keys;
using Routero.Pricing;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Benchmarks.Fixtures;

/// <summary>
/// One tenant chain in a grain host, as a silo holds it: org → team → user → customer → key, limits on every
/// level, grains activated (from a throw-away SQLite file) before any benchmark runs.
/// </summary>
public sealed class Chain : IAsyncDisposable
{
    private readonly string _directory;

    private Chain(SqliteStore store, string directory)
    {
        (Store, _directory) = (store, directory);
        Spend = new SpendWriter(store, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance);
        Host = new GrainHost(new GrainHostOptions(), TimeProvider.System);
        Context = new GrainContext(store, TimeProvider.System, Spend, Host, TimeSpan.FromMinutes(1));
        Keys = new KeyIndex(store, TimeProvider.System);
        Host.Register(id => new OrganizationGrain(id, Context));
        Host.Register(id => new TeamGrain(id, Context));
        Host.Register(id => new UserGrain(id, Context));
        Host.Register(id => new CustomerGrain(id, Context));
        Host.Register(id => new KeyGrain(id, Context));
    }

    public const string Org = "org", Team = "team", User = "user", Customer = "customer";

    public SqliteStore Store { get; }
    public SpendWriter Spend { get; }
    public GrainHost Host { get; }
    public GrainContext Context { get; }
    public KeyIndex Keys { get; }
    public string Key { get; private set; } = "";
    public string KeyId { get; private set; } = "";

    /// <summary>The price list of <c>bench/echo</c> in bench/silo.json.template.</summary>
    public static ModelPrice Price { get; } = ModelPrice.FromPerMillion(0.15m, 0.6m, 4096);

    public static async Task<Chain> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("routero-micro-").FullName;
        var store = new SqliteStore(new SqliteStoreOptions(Path.Combine(directory, "routero.db")) { FullSync = false });
        await store.MigrateAsync();
        var chain = new Chain(store, directory);
        await chain.SeedAsync();
        return chain;
    }

    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Key = VirtualKeys.Generate();
        var key = TenantRows.Key(Key, Team, User, Org, now);
        KeyId = key.Id;
        var changes = new ChangeSet();
        changes.Inserts.AddRange([TenantRows.Organization(Org, now), TenantRows.Team(Team, Org, now), TenantRows.User(User, Org, now),
            TenantRows.Customer(Customer, Org, now), key]);
        await Store.CommitAsync(changes);
    }

    /// <summary>The five levels in admission order, activated: key, customer, user, team, organization.</summary>
    public async Task<IAdmissionLevel[]> LevelsAsync() =>
    [
        await Host.GetAsync<KeyGrain>(KeyId),
        await Host.GetAsync<CustomerGrain>(CustomerGrain.ScopedId(Org, Customer)),
        await Host.GetAsync<UserGrain>(User),
        await Host.GetAsync<TeamGrain>(Team),
        await Host.GetAsync<OrganizationGrain>(Org),
    ];

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Spend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

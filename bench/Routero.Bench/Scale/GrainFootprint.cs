using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Bench.Seeding;
using Routero.Hosting;
using Routero.Keys;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Bench.Scale;

/// <summary>
/// The managed heap that active grains hold, measured in-process (GC.GetTotalMemory after full collections),
/// to attribute the scale case's RSS: first every key's chain (organizations, teams, users, customers) is
/// activated, then every key grain with its policy snapshot and key-index entry, as the relay's first request
/// of each key does. Same tenant shape as <see cref="ScaleSeeder"/>.
/// </summary>
internal static class GrainFootprint
{
    public static async Task<int> RunAsync(Options options)
    {
        var (orgs, keysPerOrg) = (options.Int("orgs", 1000), options.Int("keys-per-org", 10));
        var directory = Directory.CreateTempSubdirectory("routero-footprint-").FullName;
        try
        {
            var store = new SqliteStore(new SqliteStoreOptions(Path.Combine(directory, "routero.db")) { FullSync = false });
            await store.MigrateAsync();
            var keys = await SeedAsync(store, orgs, keysPerOrg);
            await using var spend = new SpendWriter(store, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance);
            await using var host = new GrainHost(new GrainHostOptions(), TimeProvider.System);
            var context = new GrainContext(store, TimeProvider.System, spend, host, TimeSpan.FromMinutes(1));
            var index = new KeyIndex(store, TimeProvider.System);
            Register(host, context);

            var m0 = Heap();
            foreach (var (_, team, user, org) in keys)
            {
                await host.GetAsync<OrganizationGrain>(org);
                await host.GetAsync<TeamGrain>(team);
                await host.GetAsync<UserGrain>(user);
                await host.GetAsync<CustomerGrain>(CustomerGrain.ScopedId(org, TenantSeeder.Customer));
            }
            var m1 = Heap();
            foreach (var (key, _, _, _) in keys)
            {
                var id = await index.FindAsync(KeyHash.Of(key));
                var grain = await host.GetAsync<KeyGrain>(id!);
                _ = await grain.GetPolicyAsync() ?? throw new InvalidOperationException("A seeded key has no policy.");
            }
            var m2 = Heap();
            var chainGrains = host.Count<OrganizationGrain>() + host.Count<TeamGrain>() + host.Count<UserGrain>() + host.Count<CustomerGrain>();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FOOTPRINT keys={keys.Count} key_grain_bytes={(m2 - m1) / (double)keys.Count:0} chain_grains={chainGrains} "
                + $"chain_grain_bytes={(m1 - m0) / (double)chainGrains:0} per_key_with_chain_bytes={(m2 - m0) / (double)keys.Count:0}"));
            if (options.Int("hold-seconds", 0) is var hold and > 0)
            {
                // Time to take a heap dump of exactly these grains: dotnet-gcdump collect -p PID.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HOLD pid={Environment.ProcessId} seconds={hold}"));
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }
            GC.KeepAlive(index);
            GC.KeepAlive(host);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Register(GrainHost host, GrainContext context)
    {
        host.Register(id => new OrganizationGrain(id, context));
        host.Register(id => new TeamGrain(id, context));
        host.Register(id => new UserGrain(id, context));
        host.Register(id => new CustomerGrain(id, context));
        host.Register(id => new KeyGrain(id, context));
    }

    private static async Task<List<(string Key, string Team, string User, string Org)>> SeedAsync(IRouteroStore store, int orgs, int keysPerOrg)
    {
        var now = DateTimeOffset.UtcNow;
        var keys = new List<(string, string, string, string)>();
        var changes = new ChangeSet();
        for (var o = 0; o < orgs; o++)
        {
            var org = $"scale-org-{o}";
            changes.Inserts.Add(TenantRows.Organization(org, now));
            changes.Inserts.Add(TenantRows.Customer(TenantSeeder.Customer, org, now));
            for (var t = 0; t < ScaleSeeder.TeamsPerOrg; t++) changes.Inserts.Add(TenantRows.Team($"{org}-team-{t}", org, now));
            for (var u = 0; u < ScaleSeeder.UsersPerOrg; u++) changes.Inserts.Add(TenantRows.User($"{org}-user-{u}", org, now));
            for (var k = 0; k < keysPerOrg; k++)
            {
                var (key, team, user) = (VirtualKeys.Generate(), $"{org}-team-{k % ScaleSeeder.TeamsPerOrg}", $"{org}-user-{k % ScaleSeeder.UsersPerOrg}");
                changes.Inserts.Add(TenantRows.Key(key, team, user, org, now));
                keys.Add((key, team, user, org));
            }
        }
        if ((await store.CommitAsync(changes)).Status != CommitStatus.Committed) throw new InvalidOperationException("Seeding failed.");
        return keys;
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System.Diagnostics;
using Routero.Keys;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Bench.Seeding;

/// <summary>
/// The scale case's tenants, written straight into the silo's SQLite file through <see cref="IRouteroStore"/>
/// (the admin API would take minutes for 100,000 keys): per organization 5 teams, 20 users, one customer and
/// <c>keys / orgs</c> keys, each key owned by a team and a user. Records are serialised with
/// <see cref="GrainContext.RecordJson"/> into the same rows the admin facade writes. The first
/// <c>active / orgs</c> keys of every organization are written to <c>--out</c>, one per line, interleaved
/// across organizations, for the load generator.
/// </summary>
internal static class ScaleSeeder
{
    public const int TeamsPerOrg = 5;
    public const int UsersPerOrg = 20;
    private const int Batch = 2000;

    public static async Task<int> RunAsync(Options options)
    {
        var (orgs, keys, active) = (options.Int("orgs", 1000), options.Int("keys", 100_000), options.Int("active", 10_000));
        var keysPerOrg = keys / orgs;
        var activePerOrg = Math.Max(1, active / orgs);
        var directory = options.String("data");
        Directory.CreateDirectory(directory);
        var store = new SqliteStore(new SqliteStoreOptions(Path.Combine(directory, "routero.db")) { FullSync = false });
        await store.MigrateAsync();
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var writer = new RowBatcher(store, Batch);
        var activeKeys = new string[orgs, activePerOrg];
        for (var o = 0; o < orgs; o++)
        {
            var org = $"scale-org-{o}";
            await writer.AddAsync(TenantRows.Organization(org, now));
            for (var t = 0; t < TeamsPerOrg; t++) await writer.AddAsync(TenantRows.Team($"{org}-team-{t}", org, now));
            for (var u = 0; u < UsersPerOrg; u++) await writer.AddAsync(TenantRows.User($"{org}-user-{u}", org, now));
            await writer.AddAsync(TenantRows.Customer(TenantSeeder.Customer, org, now));
            for (var k = 0; k < keysPerOrg; k++)
            {
                var key = VirtualKeys.Generate();
                await writer.AddAsync(TenantRows.Key(key, $"{org}-team-{k % TeamsPerOrg}", $"{org}-user-{k % UsersPerOrg}", org, now));
                if (k < activePerOrg) activeKeys[o, k] = key;
            }
        }
        await writer.FlushAsync();
        await using (var file = File.CreateText(options.String("out")))
            for (var k = 0; k < activePerOrg; k++)
                for (var o = 0; o < orgs; o++)
                    await file.WriteLineAsync(activeKeys[o, k]);
        Console.WriteLine($"seeded {orgs} orgs, {orgs * TeamsPerOrg} teams, {orgs * UsersPerOrg} users, {orgs} customers, "
            + $"{orgs * keysPerOrg} keys in {clock.Elapsed.TotalSeconds:0.0} s; {orgs * activePerOrg} active keys listed");
        return 0;
    }

    /// <summary>Commits rows in large change sets: one transaction per batch.</summary>
    private sealed class RowBatcher(IRouteroStore store, int size)
    {
        private ChangeSet _changes = new();

        public async Task AddAsync(StoredEntity row)
        {
            _changes.Inserts.Add(row);
            if (_changes.Inserts.Count >= size) await FlushAsync();
        }

        public async Task FlushAsync()
        {
            if (_changes.IsEmpty) return;
            var result = await store.CommitAsync(_changes);
            if (result.Status != CommitStatus.Committed)
                throw new InvalidOperationException($"Seeding failed: {result.Status} on {result.Kind} '{result.Id}' (is the data directory fresh?).");
            _changes = new ChangeSet();
        }
    }
}

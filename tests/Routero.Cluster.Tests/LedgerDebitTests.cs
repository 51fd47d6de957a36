using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Routero.Cluster.Tests.Infrastructure;
using Routero.Clustering;
using Routero.Quota;
using Routero.Schema;

namespace Routero.Cluster.Tests;

/// <summary>
/// The ledger's batch debit (one statement for many buckets, exact per bucket), and how leases go back: a money lease
/// frees what was not debited; a rate window's lease, never debited per request, counts all but its unused part as spent.
/// </summary>
public sealed class LedgerDebitTests
{
    [Fact]
    public async Task DebitAsync_ManyBucketsAndOneTwice_MovesEachAmountFromItsLeaseToSpent()
    {
        await using var ledgers = await Ledgers.CreateAsync();
        var database = ledgers.Database;
        var sut = ledgers.For("silo-1");
        var leased = new QuotaBucket("team:t", QuotaDimension.Budget, 0);
        var unleased = new QuotaBucket("org:o", QuotaDimension.Budget, 0);
        var granted = (await sut.AcquireAsync(leased, cap: 1_000, minimum: 100, want: 100)).Amount;
        Assert.True(granted >= 100);
        await sut.AcquireAsync(unleased, cap: 1_000, minimum: 1, want: 1);
        await sut.ReturnAsync(unleased, unused: 1); // its lease is gone, as after expiry: the debit still counts as spent

        var bucketRowVersion = await database.ScalarAsync<string>("SELECT xmin::text FROM quota_buckets WHERE bucket = 'team:t:Budget:0'");

        await sut.DebitAsync([new QuotaDebit(leased, 30), new QuotaDebit(unleased, 5), new QuotaDebit(leased, 10)]);

        Assert.Equal(40, await sut.SpentAsync(leased));
        Assert.Equal(5, await sut.SpentAsync(unleased));
        // The debit stays in the silo's lease row (remaining → used); the shared bucket row is not written at all.
        Assert.Equal(granted - 40, await database.ScalarAsync<long>("SELECT remaining FROM quota_leases WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(40L, await database.ScalarAsync<long>("SELECT used FROM quota_leases WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(bucketRowVersion, await database.ScalarAsync<string>("SELECT xmin::text FROM quota_buckets WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(granted, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'org:o:Budget:0'"));
        Assert.Equal(5L, await database.ScalarAsync<long>("SELECT spent FROM quota_buckets WHERE bucket = 'org:o:Budget:0'"));
    }

    [Fact]
    public async Task EnsureAsync_OnALeaseTableFromBeforeTheUsedColumn_AddsItAsZero_AndKeepsTheLeases()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var old = db.CreateCommand("""
            CREATE TABLE quota_leases (bucket text NOT NULL, silo_id text NOT NULL, remaining bigint NOT NULL, expires_at bigint NOT NULL,
                PRIMARY KEY (bucket, silo_id));
            INSERT INTO quota_leases VALUES ('key:k:Budget:0', 'silo-1', 70, 0);
            """)) await old.ExecuteNonQueryAsync();

        await ClusterSchema.EnsureAsync(db);
        await ClusterSchema.EnsureAsync(db); // a second silo starting: nothing left to do

        Assert.Equal(70L, await database.ScalarAsync<long>("SELECT remaining FROM quota_leases WHERE bucket = 'key:k:Budget:0'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT used FROM quota_leases WHERE bucket = 'key:k:Budget:0'"));
    }

    [Fact]
    public async Task Acquire_AfterDebits_SeesTheDebitedAmountAsTaken_SoTheCapHolds()
    {
        await using var ledgers = await Ledgers.CreateAsync();
        var database = ledgers.Database;
        var a = ledgers.For("silo-a");
        var b = ledgers.For("silo-b");
        var budget = new QuotaBucket("org:o", QuotaDimension.Budget, 0);
        Assert.Equal(600, (await a.AcquireAsync(budget, cap: 1_000, minimum: 600, want: 600)).Amount);
        await a.DebitAsync([new QuotaDebit(budget, 600)]);

        // Silo A's lease is used up but not returned: only 400 are free for B, and A's return settles its 600 as spent.
        Assert.Equal(0, (await b.AcquireAsync(budget, cap: 1_000, minimum: 401, want: 401)).Amount);
        Assert.Equal(400, (await b.AcquireAsync(budget, cap: 1_000, minimum: 400, want: 400)).Amount);
        await a.ReturnAsync(budget, unused: 0);
        Assert.Equal(600L, await database.ScalarAsync<long>("SELECT spent FROM quota_buckets WHERE bucket = 'org:o:Budget:0'"));
        Assert.Equal(400L, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'org:o:Budget:0'"));
        Assert.Equal(600, await b.SpentAsync(budget));
    }

    [Fact]
    public async Task ReturnAsync_RateWindow_CountsAllButTheUnusedPartAsSpent()
    {
        await using var ledgers = await Ledgers.CreateAsync();
        var database = ledgers.Database;
        var sut = ledgers.For("silo-1");
        var requests = new QuotaBucket("key:k", QuotaDimension.Requests, 600_000_000);
        var granted = (await sut.AcquireAsync(requests, cap: 100, minimum: 1, want: 1)).Amount;
        Assert.True(granted > 7);

        await sut.ReturnAsync(requests, unused: granted - 7);

        Assert.Equal(7, await sut.SpentAsync(requests));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'key:k:Requests:600000000'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM quota_leases"));
    }

    [Fact]
    public async Task ReturnAsync_MoneyBucket_FreesWhatWasNotDebited_WhateverTheCallerCallsUnused()
    {
        await using var ledgers = await Ledgers.CreateAsync();
        var database = ledgers.Database;
        var sut = ledgers.For("silo-1");
        var budget = new QuotaBucket("key:k", QuotaDimension.Budget, 0);
        var granted = (await sut.AcquireAsync(budget, cap: 1_000, minimum: 100, want: 100)).Amount;
        await sut.DebitAsync([new QuotaDebit(budget, 30)]);

        await sut.ReturnAsync(budget, unused: 0);

        Assert.True(granted > 30);
        Assert.Equal(30, await sut.SpentAsync(budget));
        Assert.Equal(30L, await database.ScalarAsync<long>("SELECT spent FROM quota_buckets WHERE bucket = 'key:k:Budget:0'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'key:k:Budget:0'"));
    }

    [Fact]
    public async Task Sweep_OfADeadSilo_CountsItsRateLeasesAsSpent_AndFreesItsUndebitedMoney()
    {
        await using var ledgers = await Ledgers.CreateAsync();
        var database = ledgers.Database;
        var dead = ledgers.For("silo-dead");
        var requests = new QuotaBucket("key:k", QuotaDimension.Requests, 600_000_000);
        var tokens = new QuotaBucket("key:k", QuotaDimension.Tokens, 600_000_000);
        var budget = new QuotaBucket("key:k", QuotaDimension.Budget, 0);
        var rpmLease = (await dead.AcquireAsync(requests, cap: 100, minimum: 1, want: 1)).Amount;
        var tpmLease = (await dead.AcquireAsync(tokens, cap: 10_000, minimum: 50, want: 50)).Amount;
        var budgetLease = (await dead.AcquireAsync(budget, cap: 1_000, minimum: 100, want: 100)).Amount;
        await dead.DebitAsync([new QuotaDebit(budget, 40)]);
        // The silo never registered a heartbeat (as good as dead) and its leases ran out.
        await using (var expire = ledgers.Db.CreateCommand("UPDATE quota_leases SET expires_at = 0")) await expire.ExecuteNonQueryAsync();

        var survivor = new SiloMembership(ledgers.Db, new ClusterIdentity("silo-live", "silo-live", null), new ClusterOptions(), TimeProvider.System,
            NullLogger<SiloMembership>.Instance);
        await survivor.BeatAsync();

        // The dead silo may have admitted every unit it held: its windows may admit less, never more.
        Assert.Equal(rpmLease, await dead.SpentAsync(requests));
        Assert.Equal(tpmLease, await dead.SpentAsync(tokens));
        Assert.Equal(40, await dead.SpentAsync(budget));
        Assert.True(budgetLease > 40);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT COALESCE(SUM(leased), 0) FROM quota_buckets"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM quota_leases"));
    }

    [Theory]
    [InlineData(QuotaDimension.Requests, true)]
    [InlineData(QuotaDimension.Tokens, true)]
    [InlineData(QuotaDimension.Budget, false)]
    [InlineData(QuotaDimension.Credit, false)]
    [InlineData(QuotaDimension.Slots, false)]
    public async Task SettledOnReturnKeyPattern_MatchesExactlyTheKeysOfSettledOnReturnBuckets(QuotaDimension dimension, bool settled)
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.Equal(settled, dimension.SettledOnReturn());
        // Level ids may themselves contain a dimension's name between colons: only the second-last segment counts.
        foreach (var level in new[] { "key:k", "team:x:Requests", "user:Tokens:1" })
        {
            var key = new QuotaBucket(level, dimension, 600_000_000).ToString();
            Assert.Equal(settled, await database.ScalarAsync<bool>($"SELECT '{key}' ~ '{QuotaBuckets.SettledOnReturnKeyPattern}'"));
        }
    }

    /// <summary>A fresh database with the cluster's tables, and ledgers on it for any silo id.</summary>
    private sealed class Ledgers : IAsyncDisposable
    {
        private Ledgers(TestDatabase database, NpgsqlDataSource db) => (Database, Db) = (database, db);

        public TestDatabase Database { get; }

        public NpgsqlDataSource Db { get; }

        public static async Task<Ledgers> CreateAsync()
        {
            var database = await TestDatabase.CreateAsync();
            var db = NpgsqlDataSource.Create(database.ConnectionString);
            await ClusterSchema.EnsureAsync(db);
            return new Ledgers(database, db);
        }

        public PostgresQuotaLedger For(string silo) =>
            new(Db, new ClusterIdentity(silo, silo, null), TimeProvider.System, TimeSpan.FromSeconds(30));

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

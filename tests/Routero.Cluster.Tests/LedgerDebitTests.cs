using Npgsql;
using Routero.Cluster.Tests.Infrastructure;
using Routero.Clustering;
using Routero.Quota;
using Routero.Schema;

namespace Routero.Cluster.Tests;

/// <summary>The ledger's batch debit: one statement for many buckets, exact per bucket.</summary>
public sealed class LedgerDebitTests
{
    [Fact]
    public async Task DebitAsync_ManyBucketsAndOneTwice_MovesEachAmountFromItsLeaseToSpent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await ClusterSchema.EnsureAsync(db);
        var sut = new PostgresQuotaLedger(db, new ClusterIdentity("silo-1", "silo-1", null), TimeProvider.System, TimeSpan.FromSeconds(30));
        var leased = new QuotaBucket("team:t", QuotaDimension.Budget, 0);
        var unleased = new QuotaBucket("org:o", QuotaDimension.Budget, 0);
        var granted = (await sut.AcquireAsync(leased, cap: 1_000, minimum: 100, want: 100)).Amount;
        Assert.True(granted >= 100);
        await sut.AcquireAsync(unleased, cap: 1_000, minimum: 1, want: 1);
        await sut.ReturnAsync(unleased); // its lease is gone, as after expiry: the debit still counts as spent

        await sut.DebitAsync([new QuotaDebit(leased, 30), new QuotaDebit(unleased, 5), new QuotaDebit(leased, 10)]);

        Assert.Equal(40, await sut.SpentAsync(leased));
        Assert.Equal(5, await sut.SpentAsync(unleased));
        Assert.Equal(granted - 40, await database.ScalarAsync<long>("SELECT remaining FROM quota_leases WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(granted - 40, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'team:t:Budget:0'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT leased FROM quota_buckets WHERE bucket = 'org:o:Budget:0'"));
    }
}

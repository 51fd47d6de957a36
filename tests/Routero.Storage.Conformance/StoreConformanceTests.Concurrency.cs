using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private const int Writers = 20;

    [Fact]
    public async Task CommitAsync_ConcurrentInsertsOfDistinctIds_AllCommit()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => CommitAsync(c => c.Inserts.Add(Entity(EntityKind.User, $"user-{i}"))))));

        Assert.All(results, r => Assert.Equal(CommitResult.Ok, r));
        Assert.Equal(Writers, (await sut.ListAsync(new EntityQuery(EntityKind.User))).Total);
    }

    [Fact]
    public async Task CommitAsync_ConcurrentUpdatesAtSameVersion_ExactlyOneWins()
    {
        var team = Entity(EntityKind.Team, "team-1");
        await InsertAsync(team);

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => CommitAsync(c => c.Updates.Add(team with { Version = 2, Alias = $"writer-{i}" })))));

        var winner = Assert.Single(Enumerable.Range(0, Writers), i => results[i] == CommitResult.Ok);
        Assert.All(results.Where(r => r != CommitResult.Ok),
            r => Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.Team, "team-1"), r));
        var stored = await sut.GetAsync(EntityKind.Team, "team-1");
        Assert.Equal(2, stored!.Version);
        Assert.Equal($"writer-{winner}", stored.Alias);
    }

    [Fact]
    public async Task ListAsync_DuringConcurrentWrites_SeesConsistentPages()
    {
        var writes = Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => CommitAsync(c => c.Inserts.Add(Entity(EntityKind.User, $"user-{i}"))))));
        var reads = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
            Task.Run(() => sut.ListAsync(new EntityQuery(EntityKind.User) { Limit = 1000 }))));

        await writes;
        Assert.All(await reads, page => Assert.Equal(page.Total, page.Items.Count));
    }
}

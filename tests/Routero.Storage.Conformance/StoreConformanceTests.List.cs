using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task ListAsync_ByKind_OrdersByCreationThenIdAndCountsTotal()
    {
        await InsertAsync(
            Entity(EntityKind.Team, "t-c", minute: 2),
            Entity(EntityKind.Team, "t-b", minute: 1),
            Entity(EntityKind.Team, "t-a", minute: 2),
            Entity(EntityKind.User, "u-first", minute: 0));

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Team));

        Assert.Equal(new[] { "t-b", "t-a", "t-c" }, Ids(page));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task ListAsync_ByOrganization_ReturnsOnlyItsObjects()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { OrganizationId = "org-1" });

        Assert.Equal(new[] { "k1", "k2" }, Ids(page));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task ListAsync_ByTeam_ReturnsOnlyItsObjects()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { TeamId = "team-1" });

        Assert.Equal(new[] { "k1", "k3" }, Ids(page));
    }

    [Fact]
    public async Task ListAsync_ByUser_ReturnsOnlyItsObjects()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { UserId = "user-1" });

        Assert.Equal(new[] { "k2", "k3" }, Ids(page));
    }

    [Fact]
    public async Task ListAsync_ByAlias_ReturnsOnlyMatches()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { Alias = "prod" });

        Assert.Equal(new[] { "k1", "k4" }, Ids(page));
    }

    [Fact]
    public async Task ListAsync_FiltersCombined_ReturnsIntersection()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { OrganizationId = "org-1", TeamId = "team-1", Alias = "prod" });

        Assert.Equal(new[] { "k1" }, Ids(page));
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task ListAsync_ByIds_ReturnsOnlyThoseOfTheKind()
    {
        await InsertKeysForFiltersAsync();
        await InsertAsync(Entity(EntityKind.Team, "k2"));

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { Ids = ["k4", "k2", "missing"] });

        Assert.Equal(new[] { "k2", "k4" }, Ids(page));
        Assert.All(page.Items, e => Assert.Equal(EntityKind.Key, e.Kind));
    }

    [Fact]
    public async Task ListAsync_ByEmptyIds_ReturnsNothing()
    {
        await InsertKeysForFiltersAsync();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { Ids = [] });

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task ListAsync_ByTensOfThousandsOfIds_ExceedsNoParameterLimit()
    {
        await InsertKeysForFiltersAsync();
        var ids = Enumerable.Range(0, 70_000).Select(i => $"absent-{i}").Append("k3").ToArray();

        var page = await sut.ListAsync(new EntityQuery(EntityKind.Key) { Ids = ids });

        Assert.Equal(new[] { "k3" }, Ids(page));
    }

    [Fact]
    public async Task ListAsync_OffsetAndLimit_ReturnSliceWithFullTotal()
    {
        await InsertAsync(Enumerable.Range(1, 5).Select(i => Entity(EntityKind.User, $"u{i}", minute: i)).ToArray());

        var page = await sut.ListAsync(new EntityQuery(EntityKind.User) { Offset = 1, Limit = 2 });
        var beyond = await sut.ListAsync(new EntityQuery(EntityKind.User) { Offset = 5, Limit = 2 });

        Assert.Equal(new[] { "u2", "u3" }, Ids(page));
        Assert.Equal(5, page.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    /// <summary>k1..k4, created in that order, spread over organizations, teams, users and aliases.</summary>
    private Task InsertKeysForFiltersAsync() => InsertAsync(
        Entity(EntityKind.Key, "k1", minute: 1) with { OrganizationId = "org-1", TeamId = "team-1", Alias = "prod" },
        Entity(EntityKind.Key, "k2", minute: 2) with { OrganizationId = "org-1", UserId = "user-1", Alias = "dev" },
        Entity(EntityKind.Key, "k3", minute: 3) with { OrganizationId = "org-2", TeamId = "team-1", UserId = "user-1" },
        Entity(EntityKind.Key, "k4", minute: 4) with { OrganizationId = "org-2", TeamId = "team-2", Alias = "prod" });
}

using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task MigrateAsync_CalledAgain_IsIdempotentAndKeepsData()
    {
        await InsertAsync(Entity(EntityKind.Organization, "org-1"));

        await sut.MigrateAsync();
        await sut.MigrateAsync();

        Assert.NotNull(await sut.GetAsync(EntityKind.Organization, "org-1"));
    }

    [Fact]
    public async Task GetAsync_AfterInsert_RoundTripsEveryColumn()
    {
        var key = new StoredEntity
        {
            Kind = EntityKind.Key,
            Id = "key-1",
            OrganizationId = "org-1",
            TeamId = "team-1",
            UserId = "user-1",
            Alias = "ci-bot",
            KeyHash = new string('a', 64),
            Json = """{"name":"Zürich ✓","limits":{"rpm":60},"tags":["a","b"]}""",
            CreatedAt = T0,
            UpdatedAt = T0.AddTicks(10),
        };
        await InsertAsync(key);

        var stored = await sut.GetAsync(EntityKind.Key, "key-1");

        Assert.Equal(key, stored);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(T0.UtcTicks, stored.CreatedAt.UtcTicks);
        Assert.Equal(T0.AddTicks(10).UtcTicks, stored.UpdatedAt.UtcTicks);
    }

    [Fact]
    public async Task GetAsync_InsertWithoutOptionalColumns_ReturnsNulls()
    {
        await InsertAsync(Entity(EntityKind.Customer, "cust-1"));

        var stored = await sut.GetAsync(EntityKind.Customer, "cust-1");

        Assert.Equal(Entity(EntityKind.Customer, "cust-1"), stored);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await sut.GetAsync(EntityKind.Team, "nope"));
    }

    [Fact]
    public async Task CommitAsync_SameIdInTwoKinds_KeepsBoth()
    {
        await InsertAsync(Entity(EntityKind.Team, "x"), Entity(EntityKind.User, "x"));

        Assert.Equal(EntityKind.Team, (await sut.GetAsync(EntityKind.Team, "x"))!.Kind);
        Assert.Equal(EntityKind.User, (await sut.GetAsync(EntityKind.User, "x"))!.Kind);
        Assert.Null(await sut.GetAsync(EntityKind.Organization, "x"));
    }

    [Fact]
    public async Task CommitAsync_EmptySet_ReturnsOk()
    {
        Assert.Equal(CommitResult.Ok, await sut.CommitAsync(new ChangeSet()));
    }

    [Fact]
    public async Task FindKeyIdByHashAsync_KnownHash_ReturnsKeyId()
    {
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "ab12" }, Entity(EntityKind.Key, "key-2") with { KeyHash = "cd34" });

        Assert.Equal("key-2", await sut.FindKeyIdByHashAsync("cd34"));
    }

    [Fact]
    public async Task FindKeyIdByHashAsync_UnknownHash_ReturnsNull()
    {
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "ab12" });

        Assert.Null(await sut.FindKeyIdByHashAsync("ffff"));
    }

    [Fact]
    public async Task FindKeyIdByHashAsync_AfterHashRotation_FindsOnlyNewHash()
    {
        var key = Entity(EntityKind.Key, "key-1") with { KeyHash = "old" };
        await InsertAsync(key);

        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Updates.Add(key with { KeyHash = "new", Version = 2 })));

        Assert.Null(await sut.FindKeyIdByHashAsync("old"));
        Assert.Equal("key-1", await sut.FindKeyIdByHashAsync("new"));
    }
}

using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_DuplicateId_ReturnsDuplicateAndAppliesNothing()
    {
        await InsertAsync(Entity(EntityKind.User, "user-1"));

        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.User, "user-2"));
            c.Inserts.Add(Entity(EntityKind.User, "user-1") with { Json = "{}" });
            c.PutMemberships.Add(new Membership(EntityKind.Organization, "org-1", "user-2", "member"));
        });

        Assert.Equal(new CommitResult(CommitStatus.Duplicate, EntityKind.User, "user-1"), result);
        Assert.Null(await sut.GetAsync(EntityKind.User, "user-2"));
        Assert.Equal(Entity(EntityKind.User, "user-1"), await sut.GetAsync(EntityKind.User, "user-1"));
        Assert.Empty(await sut.ListMembershipsOfUserAsync("user-2"));
    }

    [Fact]
    public async Task CommitAsync_SameIdTwiceInOneSet_ReturnsDuplicateAndAppliesNothing()
    {
        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.Team, "team-1"));
            c.Inserts.Add(Entity(EntityKind.Team, "team-1"));
        });

        Assert.Equal(new CommitResult(CommitStatus.Duplicate, EntityKind.Team, "team-1"), result);
        Assert.Null(await sut.GetAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task CommitAsync_DuplicateKeyHash_ReturnsDuplicateAndAppliesNothing()
    {
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "hash-1" });

        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.User, "user-1"));
            c.Inserts.Add(Entity(EntityKind.Key, "key-2") with { KeyHash = "hash-1" });
        });

        Assert.Equal(new CommitResult(CommitStatus.Duplicate, EntityKind.Key, "key-2"), result);
        Assert.Null(await sut.GetAsync(EntityKind.Key, "key-2"));
        Assert.Null(await sut.GetAsync(EntityKind.User, "user-1"));
        Assert.Equal("key-1", await sut.FindKeyIdByHashAsync("hash-1"));
    }

    [Fact]
    public async Task CommitAsync_UpdateToTakenKeyHash_ReturnsDuplicateAndAppliesNothing()
    {
        var key2 = Entity(EntityKind.Key, "key-2") with { KeyHash = "hash-2" };
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "hash-1" }, key2);

        var result = await CommitAsync(c => c.Updates.Add(key2 with { KeyHash = "hash-1", Version = 2 }));

        Assert.Equal(new CommitResult(CommitStatus.Duplicate, EntityKind.Key, "key-2"), result);
        Assert.Equal(key2, await sut.GetAsync(EntityKind.Key, "key-2"));
    }

    [Fact]
    public async Task CommitAsync_UpdateAtNextVersion_ReplacesColumnsAndBumpsVersion()
    {
        var key = Entity(EntityKind.Key, "key-1") with { TeamId = "team-1", KeyHash = "h1" };
        await InsertAsync(key);
        var changed = key with
        {
            Version = 2,
            OrganizationId = "org-2",
            TeamId = null,
            UserId = "user-2",
            Alias = "renamed",
            KeyHash = "h2",
            Json = """{"blocked":true}""",
            UpdatedAt = T0.AddHours(1),
        };

        var result = await CommitAsync(c => c.Updates.Add(changed));

        Assert.Equal(CommitResult.Ok, result);
        Assert.Equal(changed, await sut.GetAsync(EntityKind.Key, "key-1"));
    }

    [Fact]
    public async Task CommitAsync_SuccessiveUpdates_ReachVersionThree()
    {
        var team = Entity(EntityKind.Team, "team-1");
        await InsertAsync(team);

        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Updates.Add(team with { Version = 2, Alias = "a" })));
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Updates.Add(team with { Version = 3, Alias = "b" })));

        var stored = await sut.GetAsync(EntityKind.Team, "team-1");
        Assert.Equal(3, stored!.Version);
        Assert.Equal("b", stored.Alias);
    }

    [Fact]
    public async Task CommitAsync_UpdateAtStaleVersion_ReturnsConflictAndAppliesNothing()
    {
        var a = Entity(EntityKind.Team, "team-a");
        var b = Entity(EntityKind.Team, "team-b");
        await InsertAsync(a, b);

        var result = await CommitAsync(c =>
        {
            c.Updates.Add(a with { Version = 2, Alias = "changed" });
            c.Updates.Add(b with { Version = 3, Alias = "changed" });
        });

        Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.Team, "team-b"), result);
        Assert.Equal(a, await sut.GetAsync(EntityKind.Team, "team-a"));
        Assert.Equal(b, await sut.GetAsync(EntityKind.Team, "team-b"));
    }

    [Fact]
    public async Task CommitAsync_UpdateAtSameVersion_ReturnsConflict()
    {
        var team = Entity(EntityKind.Team, "team-1");
        await InsertAsync(team);

        var result = await CommitAsync(c => c.Updates.Add(team with { Version = 1, Alias = "changed" }));

        Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.Team, "team-1"), result);
        Assert.Equal(team, await sut.GetAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task CommitAsync_UpdateOfMissingEntity_ReturnsConflict()
    {
        var result = await CommitAsync(c => c.Updates.Add(Entity(EntityKind.User, "ghost") with { Version = 2 }));

        Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.User, "ghost"), result);
        Assert.Null(await sut.GetAsync(EntityKind.User, "ghost"));
    }

    [Fact]
    public async Task CommitAsync_DeleteOrganization_RemovesItsMembershipsAndCounter()
    {
        await InsertAsync(Entity(EntityKind.Organization, "org-1"), Entity(EntityKind.Team, "team-1"), Entity(EntityKind.User, "user-1"));
        await PutMembershipsAsync(
            new Membership(EntityKind.Organization, "org-1", "user-1", "admin"),
            new Membership(EntityKind.Team, "team-1", "user-1", "member"));
        await sut.WriteSpendAsync([], [new BudgetCounter(EntityKind.Organization, "org-1", T0, 5, 7)]);

        var result = await CommitAsync(c => c.Deletes.Add((EntityKind.Organization, "org-1")));

        Assert.Equal(CommitResult.Ok, result);
        Assert.Null(await sut.GetAsync(EntityKind.Organization, "org-1"));
        Assert.Empty(await sut.ListMembersAsync(EntityKind.Organization, "org-1"));
        Assert.Equal(new[] { new Membership(EntityKind.Team, "team-1", "user-1", "member") }, await sut.ListMembershipsOfUserAsync("user-1"));
        Assert.Null(await sut.GetCounterAsync(EntityKind.Organization, "org-1"));
    }

    [Fact]
    public async Task CommitAsync_DeleteUser_RemovesTheirMembershipsAndCounter()
    {
        await InsertAsync(Entity(EntityKind.Team, "team-1"), Entity(EntityKind.User, "user-1"), Entity(EntityKind.User, "user-2"));
        await PutMembershipsAsync(
            new Membership(EntityKind.Team, "team-1", "user-1", "member"),
            new Membership(EntityKind.Team, "team-1", "user-2", "member"));
        await sut.WriteSpendAsync([], [new BudgetCounter(EntityKind.User, "user-1", T0, 1, 1), new BudgetCounter(EntityKind.Team, "team-1", T0, 2, 2)]);

        var result = await CommitAsync(c => c.Deletes.Add((EntityKind.User, "user-1")));

        Assert.Equal(CommitResult.Ok, result);
        Assert.Equal(new[] { new Membership(EntityKind.Team, "team-1", "user-2", "member") }, await sut.ListMembersAsync(EntityKind.Team, "team-1"));
        Assert.Empty(await sut.ListMembershipsOfUserAsync("user-1"));
        Assert.Null(await sut.GetCounterAsync(EntityKind.User, "user-1"));
        Assert.NotNull(await sut.GetCounterAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task CommitAsync_DeleteMissing_ReturnsConflictAndAppliesNothing()
    {
        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.Team, "team-1"));
            c.Deletes.Add((EntityKind.Team, "ghost"));
        });

        Assert.Equal(new CommitResult(CommitStatus.Conflict, EntityKind.Team, "ghost"), result);
        Assert.Null(await sut.GetAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task CommitAsync_DeletedKey_FreesItsIdAndHash()
    {
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "h" });
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Deletes.Add((EntityKind.Key, "key-1"))));

        Assert.Null(await sut.FindKeyIdByHashAsync("h"));
        await InsertAsync(Entity(EntityKind.Key, "key-1") with { KeyHash = "h" });
        Assert.Equal("key-1", await sut.FindKeyIdByHashAsync("h"));
    }
}

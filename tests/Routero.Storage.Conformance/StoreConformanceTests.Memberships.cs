using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_PutMemberships_ListsThemFromScopeAndFromUser()
    {
        await InsertAsync(Entity(EntityKind.Organization, "org-1"), Entity(EntityKind.Team, "team-1"),
            Entity(EntityKind.User, "user-1"), Entity(EntityKind.User, "user-2"));
        var orgAdmin = new Membership(EntityKind.Organization, "org-1", "user-1", "admin");
        var orgMember = new Membership(EntityKind.Organization, "org-1", "user-2", "member", TeamId: "team-1");
        var teamMember = new Membership(EntityKind.Team, "team-1", "user-1", "member");

        await PutMembershipsAsync(orgAdmin, orgMember, teamMember);

        Assert.Equal(new[] { orgAdmin, orgMember }, (await sut.ListMembersAsync(EntityKind.Organization, "org-1")).OrderBy(m => m.UserId));
        Assert.Equal(new[] { teamMember }, await sut.ListMembersAsync(EntityKind.Team, "team-1"));
        Assert.Equal(new[] { orgAdmin, teamMember }, (await sut.ListMembershipsOfUserAsync("user-1")).OrderBy(m => m.ScopeKind));
        Assert.Equal(new[] { orgMember }, await sut.ListMembershipsOfUserAsync("user-2"));
    }

    [Fact]
    public async Task CommitAsync_PutExistingMembership_ReplacesRoleAndTeam()
    {
        await InsertAsync(Entity(EntityKind.Organization, "org-1"), Entity(EntityKind.User, "user-1"));
        await PutMembershipsAsync(new Membership(EntityKind.Organization, "org-1", "user-1", "member", TeamId: "team-1"));

        await PutMembershipsAsync(new Membership(EntityKind.Organization, "org-1", "user-1", "admin"));

        Assert.Equal(new[] { new Membership(EntityKind.Organization, "org-1", "user-1", "admin") },
            await sut.ListMembersAsync(EntityKind.Organization, "org-1"));
    }

    [Fact]
    public async Task CommitAsync_DeleteMembership_RemovesOnlyThatOne()
    {
        await InsertAsync(Entity(EntityKind.Team, "team-1"), Entity(EntityKind.User, "user-1"), Entity(EntityKind.User, "user-2"));
        await PutMembershipsAsync(
            new Membership(EntityKind.Team, "team-1", "user-1", "member"),
            new Membership(EntityKind.Team, "team-1", "user-2", "member"));

        var result = await CommitAsync(c => c.DeleteMemberships.Add((EntityKind.Team, "team-1", "user-1")));

        Assert.Equal(CommitResult.Ok, result);
        Assert.Equal(new[] { new Membership(EntityKind.Team, "team-1", "user-2", "member") }, await sut.ListMembersAsync(EntityKind.Team, "team-1"));
        Assert.Empty(await sut.ListMembershipsOfUserAsync("user-1"));
    }

    [Fact]
    public async Task CommitAsync_DeleteMissingMembership_Commits()
    {
        var result = await CommitAsync(c => c.DeleteMemberships.Add((EntityKind.Team, "team-1", "user-1")));

        Assert.Equal(CommitResult.Ok, result);
    }

    [Fact]
    public async Task ListMembersAsync_SameIdInOtherScopeKind_IsNotListed()
    {
        await InsertAsync(Entity(EntityKind.Organization, "x"), Entity(EntityKind.Team, "x"), Entity(EntityKind.User, "user-1"));
        await PutMembershipsAsync(new Membership(EntityKind.Team, "x", "user-1", "member"));

        Assert.Empty(await sut.ListMembersAsync(EntityKind.Organization, "x"));
        Assert.Single(await sut.ListMembersAsync(EntityKind.Team, "x"));
    }

    [Fact]
    public async Task CommitAsync_InsertAndMembershipsInOneSet_AppliesBoth()
    {
        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.Team, "team-1"));
            c.Inserts.Add(Entity(EntityKind.User, "user-1"));
            c.PutMemberships.Add(new Membership(EntityKind.Team, "team-1", "user-1", "owner"));
        });

        Assert.Equal(CommitResult.Ok, result);
        Assert.Equal(new[] { new Membership(EntityKind.Team, "team-1", "user-1", "owner") }, await sut.ListMembershipsOfUserAsync("user-1"));
    }
}

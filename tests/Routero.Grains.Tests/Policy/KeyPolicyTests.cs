using Routero.Keys;
using Routero.Grains.Tests.TestSupport;
using Routero.Tenancy;
using static Routero.Grains.Tests.TestSupport.Tenants;

namespace Routero.Grains.Tests.Policy;

public sealed class KeyPolicyTests : IAsyncLifetime
{
    private GrainWorld _world = null!;

    public async Task InitializeAsync() => _world = await GrainWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<KeyGrain> KeyAsync() => await _world.Host.GetAsync<KeyGrain>(KeyId);

    [Fact]
    public async Task GetPolicyAsync_WithModelListsOnEveryLevel_AllowsOnlyTheirIntersection()
    {
        await _world.PutAsync(Tenants.Org() with { Models = ["a", "b", "c", "d"] });
        await _world.PutAsync(Tenants.Team() with { Models = ["b", "c", "d", "e"] });
        await _world.PutAsync(Tenants.User() with { Models = ["c", "b", "x"] });
        await _world.PutAsync(Tenants.Key() with { Models = ["a", "b", "c"] });
        var sut = await KeyAsync();

        var policy = (await sut.GetPolicyAsync())!;

        Assert.False(policy.Models.AllowsAll);
        Assert.Equal(["b", "c"], policy.Models.Allowed.Order());
        Assert.Null(policy.Unusable);
        Assert.Equal(OrgId, policy.OrganizationId);
        Assert.Equal(TeamId, policy.Team!.TeamId);
        Assert.Equal(UserId, policy.User!.UserId);
    }

    [Fact]
    public async Task GetPolicyAsync_WhenNoLevelNamesModelsOrOneSaysStar_AllowsAll()
    {
        await _world.PutAsync(Tenants.Org() with { Models = ["*"] });
        await _world.PutAsync(Tenants.Team());
        await _world.PutAsync(Tenants.User());
        await _world.PutAsync(Tenants.Key());
        var sut = await KeyAsync();

        var policy = (await sut.GetPolicyAsync())!;

        Assert.True(policy.Models.AllowsAll);
        Assert.True(policy.Models.Allows("anything"));
    }

    [Theory]
    [InlineData(EntityKind.Team, "The key's team 'team-1' is blocked.")]
    [InlineData(EntityKind.User, "The key's user 'user-1' is blocked.")]
    [InlineData(EntityKind.Organization, "The key's organization 'org-1' is blocked.")]
    [InlineData(EntityKind.Key, "This key is blocked.")]
    public async Task GetPolicyAsync_WhenALevelIsBlocked_IsUnusable(EntityKind blocked, string why)
    {
        await _world.PutAsync(Tenants.Org() with { Blocked = blocked == EntityKind.Organization });
        await _world.PutAsync(Tenants.Team() with { Blocked = blocked == EntityKind.Team });
        await _world.PutAsync(Tenants.User() with { Blocked = blocked == EntityKind.User });
        await _world.PutAsync(Tenants.Key() with { Blocked = blocked == EntityKind.Key });
        var sut = await KeyAsync();

        var policy = (await sut.GetPolicyAsync())!;

        Assert.Equal(why, policy.Unusable);
    }

    [Theory]
    [InlineData(EntityKind.Team, "The key's team 'team-1' no longer exists.")]
    [InlineData(EntityKind.User, "The key's user 'user-1' no longer exists.")]
    [InlineData(EntityKind.Organization, "The key's organization 'org-1' no longer exists.")]
    public async Task GetPolicyAsync_AfterAParentWasDeleted_IsUnusable(EntityKind deleted, string why)
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();
        Assert.Null((await sut.GetPolicyAsync())!.Unusable);
        await _world.DeleteAsync(deleted, deleted switch { EntityKind.Team => TeamId, EntityKind.User => UserId, _ => OrgId });

        await (deleted switch
        {
            EntityKind.Team => (await _world.Host.GetAsync<TeamGrain>(TeamId)).RefreshAsync(),
            EntityKind.User => (await _world.Host.GetAsync<UserGrain>(UserId)).RefreshAsync(),
            _ => (await _world.Host.GetAsync<OrganizationGrain>(OrgId)).RefreshAsync(),
        });
        var policy = (await sut.GetPolicyAsync())!;

        Assert.Equal(why, policy.Unusable);
    }

    [Fact]
    public async Task GetPolicyAsync_TheGrainKeepsNoTokenText_ThePolicyStillHasItsHash()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();

        var policy = (await sut.GetPolicyAsync())!;

        Assert.Equal(string.Empty, sut.Record!.Token);
        Assert.Equal(KeyHash.Of("sk-" + Tenants.KeyId), policy.TokenHash);
    }

    [Fact]
    public async Task GetPolicyAsync_RebuiltAfterTheEpochMoved_KeepsTheKeysHash()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();
        var before = (await sut.GetPolicyAsync())!;

        _world.Context.BumpPolicyEpoch();
        var after = (await sut.GetPolicyAsync())!;

        Assert.NotSame(before, after);
        Assert.Equal(KeyHash.Of("sk-" + Tenants.KeyId), after.TokenHash);
    }

    [Fact]
    public async Task GetPolicyAsync_AfterTheTokenChanged_HasTheNewHash_NotTheOld()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();
        Assert.Equal(KeyHash.Of("sk-" + Tenants.KeyId), (await sut.GetPolicyAsync())!.TokenHash);
        await _world.UpdateAsync(Tenants.Key() with { Token = KeyHash.Of("sk-regenerated").ToHex() }, version: 2);

        await sut.RefreshAsync();
        var policy = (await sut.GetPolicyAsync())!;

        Assert.Equal(KeyHash.Of("sk-regenerated"), policy.TokenHash);
        Assert.Equal(string.Empty, sut.Record!.Token);
    }

    [Fact]
    public async Task GetPolicyAsync_TheChainsIds_AreOneInstanceAcrossItsGrains()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();

        var policy = (await sut.GetPolicyAsync())!;

        Assert.Same(policy.Team!.TeamId, policy.Key.TeamId);
        Assert.Same(policy.User!.UserId, policy.Key.UserId);
        Assert.Same(policy.Organization!.OrganizationId, policy.Key.OrganizationId);
        Assert.Same(policy.Organization.OrganizationId, policy.Team.OrganizationId);
    }

    [Fact]
    public async Task GetPolicyAsync_WhileTheEpochIsUnchanged_ReturnsTheSameSnapshot()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();

        var first = await sut.GetPolicyAsync();
        var second = await sut.GetPolicyAsync();

        Assert.Same(first, second);
        Assert.Equal(_world.Context.PolicyEpoch, first!.Epoch);
    }

    [Fact]
    public async Task GetPolicyAsync_AfterTheEpochMoved_RebuildsTheSnapshot()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();
        var before = await sut.GetPolicyAsync();

        _world.Context.BumpPolicyEpoch();
        var after = await sut.GetPolicyAsync();

        Assert.NotSame(before, after);
        Assert.Equal(before!.Epoch + 1, after!.Epoch);
        Assert.Same(after, await sut.GetPolicyAsync());
    }

    [Fact]
    public async Task GetPolicyAsync_AfterATeamChangeIsRefreshed_SeesTheNewModels()
    {
        await _world.PutChainAsync();
        var sut = await KeyAsync();
        Assert.True((await sut.GetPolicyAsync())!.Models.AllowsAll);
        await _world.UpdateAsync(Tenants.Team() with { Models = ["only-this"] }, version: 2);

        await (await _world.Host.GetAsync<TeamGrain>(TeamId)).RefreshAsync();
        var policy = (await sut.GetPolicyAsync())!;

        Assert.Equal(["only-this"], policy.Models.Allowed);
    }

    [Fact]
    public async Task GetPolicyAsync_ForAKeyThatDoesNotExist_ReturnsNull()
    {
        var sut = await _world.Host.GetAsync<KeyGrain>("no-such-key");

        Assert.Null(await sut.GetPolicyAsync());
    }
}

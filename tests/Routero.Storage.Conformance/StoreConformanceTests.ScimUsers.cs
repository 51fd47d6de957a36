using Routero.Tenancy;

namespace Routero.Storage.Conformance;

/// <summary>
/// SCIM users are entities of <see cref="EntityKind.ScimUser"/>, a kind numbered apart from the levels, whose id is
/// "organization|lower-cased userName": the SCIM facade relies on the primary key for userName uniqueness and on the
/// organization, user and alias (externalId) filters combined, with no storage of its own.
/// </summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task ScimUser_WithAnIdTaken_IsADuplicate_EvenNextToALevelWithTheSameId()
    {
        await InsertAsync(Entity(EntityKind.ScimUser, "org-1|ada@x.test"), Entity(EntityKind.User, "org-1|ada@x.test"));

        var again = await CommitAsync(c => c.Inserts.Add(Entity(EntityKind.ScimUser, "org-1|ada@x.test", minute: 1)));

        Assert.Equal(new CommitResult(CommitStatus.Duplicate, EntityKind.ScimUser, "org-1|ada@x.test"), again);
    }

    [Fact]
    public async Task ScimUser_ListedByOrganizationAndUser_OrByOrganizationAndAlias_IsFoundAlone()
    {
        await InsertAsync(
            Entity(EntityKind.ScimUser, "org-1|ada") with { OrganizationId = "org-1", UserId = "u-1", Alias = "ext-1" },
            Entity(EntityKind.ScimUser, "org-2|ada", minute: 1) with { OrganizationId = "org-2", UserId = "u-1", Alias = "ext-1" },
            Entity(EntityKind.ScimUser, "org-1|bob", minute: 2) with { OrganizationId = "org-1", UserId = "u-2", Alias = "ext-2" },
            Entity(EntityKind.Key, "k-1") with { OrganizationId = "org-1", UserId = "u-1", Alias = "ext-1" });

        var byUser = await sut.ListAsync(new EntityQuery(EntityKind.ScimUser) { OrganizationId = "org-1", UserId = "u-1" });
        var byAlias = await sut.ListAsync(new EntityQuery(EntityKind.ScimUser) { OrganizationId = "org-2", Alias = "ext-1" });
        var count = await sut.ListAsync(new EntityQuery(EntityKind.ScimUser) { OrganizationId = "org-1", Limit = 0 });

        Assert.Equal(new[] { "org-1|ada" }, Ids(byUser));
        Assert.Equal(new[] { "org-2|ada" }, Ids(byAlias));
        Assert.Empty(count.Items);
        Assert.Equal(2, count.Total);
    }
}

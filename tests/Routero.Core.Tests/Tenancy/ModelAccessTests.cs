using Routero.Tenancy;

namespace Routero.Core.Tests.Tenancy;

public sealed class ModelAccessTests
{
    private static ModelAccess Intersect(params string[][] lists) => ModelAccess.Intersect(lists);

    [Fact]
    public void Intersect_WhenEveryListIsEmpty_AllowsAll()
    {
        var sut = Intersect([], []);

        Assert.True(sut.AllowsAll);
        Assert.True(sut.Allows("gpt-4o"));
        Assert.Empty(sut.Allowed);
    }

    [Fact]
    public void Intersect_WhenThereAreNoLevels_AllowsAll()
    {
        var sut = Intersect();

        Assert.True(sut.AllowsAll);
    }

    [Fact]
    public void Intersect_WhenOneLevelNamesModels_AllowsOnlyThose()
    {
        var sut = Intersect([], ["gpt-4o", "claude"], []);

        Assert.False(sut.AllowsAll);
        Assert.True(sut.Allows("gpt-4o"));
        Assert.True(sut.Allows("claude"));
        Assert.False(sut.Allows("llama"));
        Assert.Equal(["claude", "gpt-4o"], sut.Allowed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Intersect_WhenSeveralLevelsNameModels_AllowsOnlyModelsEveryLevelNames()
    {
        var sut = Intersect(["a", "b", "c"], ["b", "c", "d"], ["c", "b", "e"]);

        Assert.Equal(["b", "c"], sut.Allowed.Order(StringComparer.Ordinal));
        Assert.False(sut.Allows("a"));
        Assert.False(sut.Allows("d"));
    }

    [Fact]
    public void Intersect_WhenALevelListsStar_TreatsThatLevelAsUnrestricted()
    {
        var sut = Intersect(["*"], ["a", "b"], ["*", "z"]);

        Assert.Equal(["a", "b"], sut.Allowed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Intersect_WhenOnlyStarIsListed_AllowsAll()
    {
        var sut = Intersect(["*"]);

        Assert.True(sut.AllowsAll);
        Assert.True(sut.Allows("anything"));
    }

    [Fact]
    public void Intersect_WhenListsAreDisjoint_AllowsNothing()
    {
        var sut = Intersect(["a"], ["b"]);

        Assert.False(sut.AllowsAll);
        Assert.Empty(sut.Allowed);
        Assert.False(sut.Allows("a"));
        Assert.False(sut.Allows("b"));
    }

    [Fact]
    public void Allows_WhenNameDiffersOnlyInCase_Refuses()
    {
        var sut = Intersect(["GPT-4o"]);

        Assert.False(sut.Allows("gpt-4o"));
    }

    [Fact]
    public void All_WhenAsked_AllowsEveryModel()
    {
        Assert.True(ModelAccess.All.AllowsAll);
        Assert.True(ModelAccess.All.Allows("x"));
    }
}

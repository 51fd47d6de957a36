namespace Routero.FakeProvider.Tests;

public sealed class FakeEmbeddingTests
{
    [Fact]
    public void Vector_SameInput_IsIdenticalAndUnitLength()
    {
        var sut = FakeEmbedding.Vector("some text", 16);

        Assert.Equal(FakeEmbedding.Vector("some text", 16), sut);
        Assert.Equal(1d, Math.Sqrt(sut.Sum(v => (double)v * v)), precision: 5);
    }

    [Fact]
    public void Vector_DifferentInputs_Differ()
    {
        Assert.NotEqual(FakeEmbedding.Vector("a"), FakeEmbedding.Vector("b"));
        Assert.NotEqual(FakeEmbedding.Vector([1, 2]), FakeEmbedding.Vector([2, 1]));
    }

    [Fact]
    public void Vector_KnownInput_IsStableAcrossProcesses()
    {
        // Pinned values: the vector must not depend on per-process hash seeds.
        var sut = FakeEmbedding.Vector("routero", 3);

        Assert.Equal([0.441877127f, 0.438542575f, -0.782575905f], sut);
    }
}

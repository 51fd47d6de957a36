using Routero.Accounting;

namespace Routero.Grains.Tests.Accounting;

public sealed class BatchTimesTests
{
    [Fact]
    public void Median_BeforeAnyBatch_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new BatchTimes().Median());
    }

    [Fact]
    public void Median_OfAFewBatches_IsTheMiddleOne()
    {
        var sut = new BatchTimes();
        foreach (var ms in (ReadOnlySpan<int>)[9, 1, 5]) sut.Add(TimeSpan.FromMilliseconds(ms));

        Assert.Equal(TimeSpan.FromMilliseconds(5), sut.Median());
    }

    [Fact]
    public void Median_AfterMoreBatchesThanTheRingHolds_CountsOnlyTheLatest()
    {
        var sut = new BatchTimes();
        for (var i = 0; i < 1024; i++) sut.Add(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 1024; i++) sut.Add(TimeSpan.FromMilliseconds(2));

        Assert.Equal(TimeSpan.FromMilliseconds(2), sut.Median());
    }
}

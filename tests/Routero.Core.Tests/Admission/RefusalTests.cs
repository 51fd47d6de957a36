using Routero.Admission;

namespace Routero.Core.Tests.Admission;

public sealed class RefusalTests
{
    [Fact]
    public void IsNone_WhenReasonIsNone_IsTrue()
    {
        var sut = new Refusal(RefusalReason.None, "key", "k1", TimeSpan.Zero);

        Assert.True(sut.IsNone);
    }

    [Fact]
    public void IsNone_WhenReasonIsARefusal_IsFalse()
    {
        var sut = new Refusal(RefusalReason.BudgetExceeded, "team", "t1", TimeSpan.Zero);

        Assert.False(sut.IsNone);
    }
}

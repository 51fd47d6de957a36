using Routero.Storage;

namespace Routero.Core.Tests.Storage;

public sealed class CustomerLevelIdMemoTests
{
    [Fact]
    public void For_TheSameCustomerAgain_ReturnsTheIdItBuiltBefore()
    {
        var sut = new DailySpendRow.CustomerLevelIdMemo();

        var first = sut.For("org-1", "alice");
        var again = sut.For("org-1", new string("alice".AsSpan())); // equal text, another instance, as each request parses its own

        Assert.Equal("org-1|alice", first);
        Assert.Same(first, again);
    }

    [Theory]
    [InlineData("org-2", "alice", "org-2|alice")]
    [InlineData("org-1", "bob", "org-1|bob")]
    [InlineData(null, "alice", "|alice")]
    public void For_AnotherOrganizationOrCustomer_BuildsItsOwnId(string? organization, string customer, string expected)
    {
        var sut = new DailySpendRow.CustomerLevelIdMemo();
        sut.For("org-1", "alice");

        Assert.Equal(expected, sut.For(organization, customer));
        Assert.Equal(DailySpendRow.CustomerLevelId(organization, customer), sut.For(organization, customer));
    }
}

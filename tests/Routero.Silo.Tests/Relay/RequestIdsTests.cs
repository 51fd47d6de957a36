using Routero.Relay;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

public sealed class RequestIdsTests
{
    [Fact]
    public void New_HasThePrefixAnd32HexDigits()
    {
        var sut = RequestIds.New(TimeProvider.System);

        Assert.StartsWith("req_", sut);
        Assert.Equal(36, sut.Length);
        Assert.All(sut[4..], c => Assert.True(char.IsAsciiHexDigitLower(c)));
    }

    [Fact]
    public void New_AsTheClockMoves_SortsInTheOrderOfIssue()
    {
        // Time-ordered ids keep the spend log's unique index growing at its end.
        var time = new FakeTime(new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.Zero));
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(RequestIds.New(time));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(100, ids.Distinct().Count());
    }
}

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

    [Fact]
    public void Version7_CarriesTheTimeVersionAndVariantOfRfc9562()
    {
        var at = new DateTimeOffset(2025, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

        var sut = RequestIds.Version7(at.ToUnixTimeMilliseconds());

        var hex = sut.ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(hex[..12], 16));
        Assert.Equal(7, sut.Version);
        Assert.Equal('7', hex[12]);
        Assert.Contains(hex[16], "89ab"); // the variant's two bits, 10
    }

    [Fact]
    public void Version7_InOneMillisecond_DrawsDistinctRandomBits()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => RequestIds.Version7(1_741_964_966_535)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("01959533fa877", id.ToString("N")));
        Assert.All(ids, id => Assert.Contains(id.ToString("N")[16], "89ab"));
        // The random part uses all its bits: each of the 18 hex digits after the version digit takes several values.
        Assert.All(Enumerable.Range(13, 19).Where(i => i != 16), i => Assert.True(ids.Select(id => id.ToString("N")[i]).Distinct().Count() > 8));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L << 48)]
    public void Version7_OutsideFortyEightBitsOfMilliseconds_Throws(long milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestIds.Version7(milliseconds));
}

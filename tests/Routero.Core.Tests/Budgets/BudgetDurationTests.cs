using Routero.Budgets;

namespace Routero.Core.Tests.Budgets;

public sealed class BudgetDurationTests
{
    private static readonly DateTimeOffset Anchor = new(2025, 1, 31, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", 30, DurationUnit.Second)]
    [InlineData("30m", 30, DurationUnit.Minute)]
    [InlineData("1h", 1, DurationUnit.Hour)]
    [InlineData("1d", 1, DurationUnit.Day)]
    [InlineData("2w", 2, DurationUnit.Week)]
    [InlineData("1mo", 1, DurationUnit.Month)]
    [InlineData("12mo", 12, DurationUnit.Month)]
    [InlineData(" 7d ", 7, DurationUnit.Day)]
    [InlineData("007d", 7, DurationUnit.Day)]
    public void TryParse_WhenCountAndUnitAreValid_ReturnsTheDuration(string text, int count, DurationUnit unit)
    {
        var ok = BudgetDuration.TryParse(text, out var sut);

        Assert.True(ok);
        Assert.Equal(new BudgetDuration(count, unit), sut);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("+1h")]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("mo")]
    [InlineData("1")]
    [InlineData("1 h")]
    [InlineData("1H")]
    [InlineData("1.5h")]
    [InlineData("1hh")]
    [InlineData("1month")]
    [InlineData("99999999999d")]
    public void TryParse_WhenTextIsNotAPositiveCountAndKnownUnit_ReturnsFalse(string? text)
    {
        var ok = BudgetDuration.TryParse(text, out var sut);

        Assert.False(ok);
        Assert.Equal(default, sut);
    }

    [Theory]
    [InlineData("100000000d")]
    [InlineData("400000000w")]
    [InlineData("200000mo")]
    public void TryParse_WhenDurationCannotBeAddedToAnInstant_ReturnsFalse(string text)
    {
        var ok = BudgetDuration.TryParse(text, out var sut);

        Assert.False(ok, $"{text} parsed as {sut}, whose AddTo cannot produce an instant");
    }

    [Fact]
    public void Parse_WhenTextIsGarbage_ThrowsFormatExceptionNamingTheText()
    {
        var error = Assert.Throws<FormatException>(() => BudgetDuration.Parse("1x"));

        Assert.Contains("'1x'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("30m")]
    [InlineData("1h")]
    [InlineData("1d")]
    [InlineData("2w")]
    [InlineData("1mo")]
    [InlineData("18mo")]
    public void ToString_WhenParsedBack_RoundTrips(string text)
    {
        var sut = BudgetDuration.Parse(text);

        Assert.Equal(text, sut.ToString());
        Assert.Equal(sut, BudgetDuration.Parse(sut.ToString()));
    }

    [Fact]
    public void ToString_WhenCountHadLeadingZeros_WritesTheCanonicalForm()
    {
        var sut = BudgetDuration.Parse("007d");

        Assert.Equal("7d", sut.ToString());
    }

    [Theory]
    [InlineData("30s", 0, 0, 0, 30)]
    [InlineData("30m", 0, 0, 30, 0)]
    [InlineData("1h", 0, 1, 0, 0)]
    [InlineData("1d", 1, 0, 0, 0)]
    [InlineData("2w", 14, 0, 0, 0)]
    public void AddTo_WhenUnitHasFixedLength_AddsThatLength(string text, int days, int hours, int minutes, int seconds)
    {
        var sut = BudgetDuration.Parse(text);

        Assert.Equal(Anchor + new TimeSpan(days, hours, minutes, seconds), sut.AddTo(Anchor));
    }

    [Fact]
    public void AddTo_WhenMonthFromJan31_ClampsToTheEndOfFebruary()
    {
        var sut = BudgetDuration.Parse("1mo");

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), sut.AddTo(Anchor));
    }

    [Fact]
    public void AddTo_WhenMonthFromJan31InALeapYear_ClampsToFebruary29()
    {
        var sut = BudgetDuration.Parse("1mo");
        var anchor = new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), sut.AddTo(anchor));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(59, 0)]
    [InlineData(60, 60)]
    [InlineData(150, 120)]
    [InlineData(24 * 60 + 1, 24 * 60)]
    public void WindowStart_WhenUnitIsHours_IsTheLastWholeHourSinceTheAnchor(int minutesAfterAnchor, int expectedMinutes)
    {
        var sut = BudgetDuration.Parse("1h");

        var start = sut.WindowStart(Anchor, Anchor.AddMinutes(minutesAfterAnchor));

        Assert.Equal(Anchor.AddMinutes(expectedMinutes), start);
    }

    [Fact]
    public void WindowStart_WhenNowIsBeforeTheAnchor_IsTheAnchor()
    {
        var sut = BudgetDuration.Parse("1d");

        Assert.Equal(Anchor, sut.WindowStart(Anchor, Anchor.AddDays(-3)));
    }

    [Fact]
    public void WindowStart_WhenUnitIsWeeks_CountsWholeMultiWeekWindows()
    {
        var sut = BudgetDuration.Parse("2w");

        Assert.Equal(Anchor.AddDays(28), sut.WindowStart(Anchor, Anchor.AddDays(41.9)));
        Assert.Equal(Anchor.AddDays(42), sut.WindowStart(Anchor, Anchor.AddDays(42)));
    }

    [Fact]
    public void WindowStart_WhenUnitIsSeconds_CountsWholeWindows()
    {
        var sut = BudgetDuration.Parse("30s");

        Assert.Equal(Anchor.AddSeconds(90), sut.WindowStart(Anchor, Anchor.AddSeconds(119.999)));
    }

    [Theory]
    [InlineData("2025-02-27T23:59:59Z", "2025-01-31T00:00:00Z")]
    [InlineData("2025-02-28T00:00:00Z", "2025-02-28T00:00:00Z")]
    [InlineData("2025-03-30T12:00:00Z", "2025-02-28T00:00:00Z")]
    [InlineData("2025-03-31T00:00:00Z", "2025-03-31T00:00:00Z")]
    [InlineData("2025-04-29T23:59:59Z", "2025-03-31T00:00:00Z")]
    [InlineData("2025-04-30T00:00:00Z", "2025-04-30T00:00:00Z")]
    [InlineData("2025-05-30T00:00:00Z", "2025-04-30T00:00:00Z")]
    [InlineData("2025-05-31T00:00:00Z", "2025-05-31T00:00:00Z")]
    [InlineData("2026-01-31T00:00:00Z", "2026-01-31T00:00:00Z")]
    public void WindowStart_WhenMonthlyFromJan31_StartsEachWindowOnTheAnchorDayOrTheMonthsLastDay(string now, string expected)
    {
        var sut = BudgetDuration.Parse("1mo");

        var start = sut.WindowStart(Anchor, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), start);
    }

    [Fact]
    public void WindowStart_WhenMonthlyFromJan31InALeapYear_StartsTheSecondWindowOnFebruary29()
    {
        var sut = BudgetDuration.Parse("1mo");
        var anchor = new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero);

        var start = sut.WindowStart(anchor, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), start);
    }

    [Theory]
    [InlineData("1mo")]
    [InlineData("3mo")]
    [InlineData("5mo")]
    public void WindowStart_WhenMonthly_LaysWindowsEndToEndFromTheAnchor(string text)
    {
        var sut = BudgetDuration.Parse(text);

        for (var k = 0; k < 40; k++)
        {
            var start = Anchor.AddMonths(k * sut.Count);
            var next = Anchor.AddMonths((k + 1) * sut.Count);

            Assert.Equal(start, sut.WindowStart(Anchor, start));
            Assert.Equal(start, sut.WindowStart(Anchor, start.AddTicks(1)));
            Assert.Equal(start, sut.WindowStart(Anchor, next.AddTicks(-1)));
            Assert.Equal(next, sut.WindowStart(Anchor, next));
        }
    }

    [Theory]
    [InlineData("1h")]
    [InlineData("1d")]
    [InlineData("2w")]
    public void WindowStart_WhenFixedLength_LaysWindowsEndToEndFromTheAnchor(string text)
    {
        var sut = BudgetDuration.Parse(text);

        for (var k = 0; k < 40; k++)
        {
            var start = Anchor;
            for (var i = 0; i < k; i++) start = sut.AddTo(start);
            var next = sut.AddTo(start);

            Assert.Equal(start, sut.WindowStart(Anchor, start));
            Assert.Equal(start, sut.WindowStart(Anchor, next.AddTicks(-1)));
            Assert.Equal(next, sut.WindowStart(Anchor, next));
        }
    }
}

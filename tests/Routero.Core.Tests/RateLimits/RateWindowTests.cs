using Routero.RateLimits;

namespace Routero.Core.Tests.RateLimits;

public sealed class RateWindowTests
{
    // Aligned to a minute boundary, as windows are aligned to their length.
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RateWindow Window(int? rpm = null, long? tpm = null) =>
        new(RateWindow.DefaultLength) { RequestLimit = rpm, TokenLimit = tpm };

    private static bool Acquire(ref RateWindow sut, DateTimeOffset now, long tokens = 0) =>
        sut.TryAcquire(now, tokens, out _, out _);

    [Fact]
    public void TryAcquire_WhenRequestLimitIsSet_AdmitsExactlyThatManyPerWindow()
    {
        var sut = Window(rpm: 3);

        var admitted = Enumerable.Range(0, 5).Count(i => Acquire(ref sut, T0.AddSeconds(i)));

        Assert.Equal(3, admitted);
        Assert.Equal(0, sut.RemainingRequests(T0.AddSeconds(5)));
    }

    [Fact]
    public void TryAcquire_WhenRequestLimitIsUsedUp_SaysRetryAfterTheWindowEnds()
    {
        var sut = Window(rpm: 1);
        Acquire(ref sut, T0.AddSeconds(5));

        var ok = sut.TryAcquire(T0.AddSeconds(20), 0, out var retryAfter, out var tokensExhausted);

        Assert.False(ok);
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        Assert.False(tokensExhausted);
    }

    [Fact]
    public void TryAcquire_WhenNextWindowStarts_AdmitsAgain()
    {
        var sut = Window(rpm: 1);
        Acquire(ref sut, T0.AddSeconds(59));

        var lastTick = Acquire(ref sut, T0.AddMinutes(1).AddTicks(-1));
        var nextWindow = Acquire(ref sut, T0.AddMinutes(1));

        Assert.False(lastTick);
        Assert.True(nextWindow);
    }

    [Fact]
    public void TryAcquire_WhenAdmitted_ReportsNoRetryAfter()
    {
        var sut = Window(rpm: 1);

        var ok = sut.TryAcquire(T0.AddSeconds(10), 0, out var retryAfter, out var tokensExhausted);

        Assert.True(ok);
        Assert.Equal(TimeSpan.Zero, retryAfter);
        Assert.False(tokensExhausted);
    }

    [Fact]
    public void TryAcquire_WhenNoLimitsAreSet_AlwaysAdmits()
    {
        var sut = Window();

        var admitted = Enumerable.Range(0, 1_000).Count(i => Acquire(ref sut, T0, 1_000_000));

        Assert.Equal(1_000, admitted);
        Assert.Null(sut.RemainingRequests(T0));
        Assert.Null(sut.RemainingTokens(T0));
    }

    [Fact]
    public void TryAcquire_WhenTokenRoomRemains_AdmitsEvenAnEstimateLargerThanTheRoom()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 60);

        var ok = Acquire(ref sut, T0, 60);

        Assert.True(ok);
        Assert.Equal(0, sut.RemainingTokens(T0));
    }

    [Fact]
    public void TryAcquire_WhenUsedPlusReservedTokensReachTheLimit_RefusesWithTokensExhausted()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 100);

        var ok = sut.TryAcquire(T0.AddSeconds(15), 1, out var retryAfter, out var tokensExhausted);

        Assert.False(ok);
        Assert.True(tokensExhausted);
        Assert.Equal(TimeSpan.FromSeconds(45), retryAfter);
    }

    [Fact]
    public void TryAcquire_WhenOneTokenOfRoomRemains_Admits()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 99);

        Assert.True(Acquire(ref sut, T0, 50));
    }

    [Fact]
    public void Settle_WhenActualUsageIsBelowTheEstimate_GivesTheDifferenceBack()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 90);

        sut.Settle(T0.AddSeconds(1), 90, 10);

        Assert.Equal(90, sut.RemainingTokens(T0.AddSeconds(1)));
        Assert.True(Acquire(ref sut, T0.AddSeconds(2), 50));
    }

    [Fact]
    public void Settle_WhenActualUsageExceedsTheEstimate_ChargesTheActualUsage()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 10);

        sut.Settle(T0.AddSeconds(1), 10, 150);

        Assert.Equal(0, sut.RemainingTokens(T0.AddSeconds(1)));
        Assert.False(Acquire(ref sut, T0.AddSeconds(2), 1));
    }

    [Fact]
    public void RemainingTokens_WhenWindowMoves_ForgetsUsedTokensButKeepsInFlightReservations()
    {
        var sut = Window(tpm: 100);
        Acquire(ref sut, T0, 30);
        Acquire(ref sut, T0, 20);
        sut.Settle(T0, 30, 30);

        var nextWindow = sut.RemainingTokens(T0.AddMinutes(1));

        Assert.Equal(80, nextWindow);
    }

    [Fact]
    public void Refund_WhenInTheSameWindow_GivesTheRequestAndTokensBack()
    {
        var sut = Window(rpm: 1, tpm: 100);
        Acquire(ref sut, T0.AddSeconds(1), 40);

        sut.Refund(T0.AddSeconds(1), T0.AddSeconds(2), 40);

        Assert.Equal(1, sut.RemainingRequests(T0.AddSeconds(2)));
        Assert.Equal(100, sut.RemainingTokens(T0.AddSeconds(2)));
        Assert.True(Acquire(ref sut, T0.AddSeconds(3)));
    }

    [Fact]
    public void Refund_WhenWindowMovedSinceAcquisition_DoesNotGiveARequestOfTheNewWindowBack()
    {
        var sut = Window(rpm: 2, tpm: 100);
        Acquire(ref sut, T0.AddSeconds(59), 40);
        Acquire(ref sut, T0.AddSeconds(61), 10);

        sut.Refund(T0.AddSeconds(59), T0.AddSeconds(62), 40);

        Assert.Equal(1, sut.RemainingRequests(T0.AddSeconds(62)));
        Assert.Equal(90, sut.RemainingTokens(T0.AddSeconds(62)));
    }

    [Fact]
    public void RemainingRequests_WhenSomeAcquired_CountsDown()
    {
        var sut = Window(rpm: 5);
        Acquire(ref sut, T0);
        Acquire(ref sut, T0);

        Assert.Equal(3, sut.RemainingRequests(T0.AddSeconds(30)));
        Assert.Equal(5, sut.RemainingRequests(T0.AddSeconds(60)));
    }

    [Fact]
    public void TryAcquire_WhenWindowLengthIsCustom_AlignsWindowsToThatLength()
    {
        var sut = new RateWindow(TimeSpan.FromSeconds(10)) { RequestLimit = 1 };
        Acquire(ref sut, T0.AddSeconds(13));

        var ok = sut.TryAcquire(T0.AddSeconds(17), 0, out var retryAfter, out _);

        Assert.False(ok);
        Assert.Equal(TimeSpan.FromSeconds(3), retryAfter);
        Assert.True(Acquire(ref sut, T0.AddSeconds(20)));
    }

    [Fact]
    public void TryAcquire_WhenClockHasAnOffset_UsesUtcWindows()
    {
        var sut = Window(rpm: 1);
        var local = new DateTimeOffset(2025, 1, 1, 5, 30, 20, TimeSpan.FromHours(5.5));
        Acquire(ref sut, local);

        var ok = sut.TryAcquire(T0.AddSeconds(30), 0, out var retryAfter, out _);

        Assert.False(ok);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter);
    }
}

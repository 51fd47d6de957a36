using Routero.Budgets;
using Routero.Money;

namespace Routero.Core.Tests.Budgets;

public sealed class BudgetAccountTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly BudgetDuration Daily = BudgetDuration.Parse("1d");

    private static BudgetAccount Account(long? limitNanos, BudgetDuration? duration = null, long? creditNanos = null, DateTimeOffset? now = null)
    {
        var sut = new BudgetAccount();
        sut.Configure(limitNanos is { } l ? new Usd(l) : null, duration, T0,
                      creditNanos is { } c ? new Usd(c) : null, now ?? T0);
        return sut;
    }

    private static Usd Reserve(ref BudgetAccount sut, DateTimeOffset now, long promptNanos, long perToken, int maxOutputTokens)
    {
        Assert.True(sut.TryReserve(now, new Usd(promptNanos), perToken, ref maxOutputTokens, out var reserved));
        return reserved;
    }

    [Fact]
    public void TryReserve_WhenWithinLimit_ReservesPromptAndAllRequestedOutput()
    {
        var sut = Account(1_000_000);
        var max = 100;

        var ok = sut.TryReserve(T0, new Usd(1_000), 10, ref max, out var reserved);

        Assert.True(ok);
        Assert.Equal(100, max);
        Assert.Equal(new Usd(2_000), reserved);
        Assert.Equal(new Usd(2_000), sut.Reserved);
        Assert.Equal(new Usd(998_000), sut.Remaining(T0));
    }

    [Fact]
    public void TryReserve_WhenRemainderPaysForFewerOutputTokens_LowersMaxOutputTokensToWhatItPays()
    {
        var sut = Account(1_000);
        var max = 500;

        var ok = sut.TryReserve(T0, new Usd(100), 10, ref max, out var reserved);

        Assert.True(ok);
        Assert.Equal(90, max);
        Assert.Equal(new Usd(1_000), reserved);
        Assert.Equal(Usd.Zero, sut.Remaining(T0));
    }

    [Fact]
    public void TryReserve_WhenRemainderPaysForAPartialToken_RoundsTheGrantDown()
    {
        var sut = Account(1_009);
        var max = 500;

        Assert.True(sut.TryReserve(T0, new Usd(100), 10, ref max, out var reserved));

        Assert.Equal(90, max);
        Assert.Equal(new Usd(1_000), reserved);
        Assert.Equal(new Usd(9), sut.Remaining(T0));
    }

    [Fact]
    public void TryReserve_WhenRemainderPaysForPromptAndExactlyOneToken_GrantsOneToken()
    {
        var sut = Account(110);
        var max = 500;

        var ok = sut.TryReserve(T0, new Usd(100), 10, ref max, out var reserved);

        Assert.True(ok);
        Assert.Equal(1, max);
        Assert.Equal(new Usd(110), reserved);
    }

    [Fact]
    public void TryReserve_WhenRemainderCannotPayPromptAndOneToken_RefusesAndReservesNothing()
    {
        var sut = Account(109);
        var max = 500;

        var ok = sut.TryReserve(T0, new Usd(100), 10, ref max, out var reserved);

        Assert.False(ok);
        Assert.Equal(500, max);
        Assert.Equal(Usd.Zero, reserved);
        Assert.Equal(Usd.Zero, sut.Reserved);
        Assert.Equal(new Usd(109), sut.Remaining(T0));
    }

    [Fact]
    public void TryReserve_WhenBudgetExhausted_RefusesEvenAFreeRequest()
    {
        var sut = Account(1_000);
        sut.Settle(T0, Reserve(ref sut, T0, 1_000, 0, 1), new Usd(1_000));
        var max = 10;

        var ok = sut.TryReserve(T0, Usd.Zero, 0, ref max, out _);

        Assert.False(ok);
    }

    [Fact]
    public void TryReserve_WhenBudgetRemainsAndModelIsFree_GrantsEveryRequestedToken()
    {
        var sut = Account(10);
        var max = 4096;

        var ok = sut.TryReserve(T0, Usd.Zero, 0, ref max, out var reserved);

        Assert.True(ok);
        Assert.Equal(4096, max);
        Assert.Equal(Usd.Zero, reserved);
    }

    [Fact]
    public void TryReserve_WhenEarlierReservationsAreInFlight_CountsThemAgainstTheLimit()
    {
        var sut = Account(1_000);
        Reserve(ref sut, T0, 100, 10, 60);
        var max = 60;

        var ok = sut.TryReserve(T0, new Usd(100), 10, ref max, out var reserved);

        Assert.True(ok);
        Assert.Equal(20, max);
        Assert.Equal(new Usd(300), reserved);
        Assert.Equal(new Usd(1_000), sut.Reserved);
    }

    [Fact]
    public void Release_WhenReservationIsGivenBack_RestoresTheRemainder()
    {
        var sut = Account(1_000);
        var reserved = Reserve(ref sut, T0, 100, 10, 50);

        sut.Release(reserved);

        Assert.Equal(Usd.Zero, sut.Reserved);
        Assert.Equal(new Usd(1_000), sut.Remaining(T0));
        Assert.Equal(Usd.Zero, sut.WindowSpent);
    }

    [Fact]
    public void Shrink_WhenAnotherLevelGrantedFewerTokens_GivesBackTheDifference()
    {
        var sut = Account(1_000);
        var reserved = Reserve(ref sut, T0, 100, 10, 50);

        sut.Shrink(reserved, new Usd(250));

        Assert.Equal(new Usd(250), sut.Reserved);
        Assert.Equal(new Usd(750), sut.Remaining(T0));
    }

    [Fact]
    public void Settle_WhenRequestCompletes_MovesTheReservationToActualSpend()
    {
        var sut = Account(1_000_000);
        var reserved = Reserve(ref sut, T0, 1_000, 10, 100);

        sut.Settle(T0, reserved, new Usd(1_500));

        Assert.Equal(Usd.Zero, sut.Reserved);
        Assert.Equal(new Usd(1_500), sut.WindowSpent);
        Assert.Equal(new Usd(1_500), sut.LifetimeSpent);
        Assert.Equal(new Usd(998_500), sut.Remaining(T0));
    }

    [Fact]
    public void Remaining_WhenWindowEnds_ForgetsSpendButKeepsReservations()
    {
        var sut = Account(1_000, Daily);
        sut.Settle(T0, Reserve(ref sut, T0, 600, 0, 1), new Usd(600));
        Reserve(ref sut, T0, 300, 0, 1);

        var beforeBoundary = sut.Remaining(T0.AddDays(1).AddTicks(-1));
        var atBoundary = sut.Remaining(T0.AddDays(1));

        Assert.Equal(new Usd(100), beforeBoundary);
        Assert.Equal(new Usd(700), atBoundary);
        Assert.Equal(T0.AddDays(1), sut.WindowStart);
        Assert.Equal(Usd.Zero, sut.WindowSpent);
        Assert.Equal(new Usd(600), sut.LifetimeSpent);
        Assert.Equal(new Usd(300), sut.Reserved);
    }

    [Fact]
    public void Remaining_WhenSeveralWindowsPassed_MovesToTheWindowContainingNow()
    {
        var sut = Account(1_000, Daily);
        sut.Settle(T0, Reserve(ref sut, T0, 600, 0, 1), new Usd(600));

        var remaining = sut.Remaining(T0.AddDays(5).AddHours(3));

        Assert.Equal(new Usd(1_000), remaining);
        Assert.Equal(T0.AddDays(5), sut.WindowStart);
        Assert.Equal(T0.AddDays(6), sut.WindowEnd);
    }

    [Fact]
    public void Settle_WhenReservationWasMadeInAnEarlierWindow_ChargesTheCurrentWindow()
    {
        var sut = Account(1_000, Daily);
        var reserved = Reserve(ref sut, T0, 500, 0, 1);

        sut.Settle(T0.AddDays(1), reserved, new Usd(400));

        Assert.Equal(T0.AddDays(1), sut.WindowStart);
        Assert.Equal(new Usd(400), sut.WindowSpent);
        Assert.Equal(new Usd(600), sut.Remaining(T0.AddDays(1)));
    }

    [Fact]
    public void WindowEnd_WhenBudgetNeverResets_IsNull()
    {
        var sut = Account(1_000);

        Assert.Null(sut.WindowEnd);
        Assert.Equal(T0, sut.WindowStart);
    }

    [Fact]
    public void Remaining_WhenLimitHasNoDuration_NeverResets()
    {
        var sut = Account(1_000);
        sut.Settle(T0, Reserve(ref sut, T0, 1_000, 0, 1), new Usd(1_000));

        Assert.Equal(Usd.Zero, sut.Remaining(T0.AddYears(10)));
    }

    [Fact]
    public void Remaining_WhenCreditLimitIsTighterThanTheNewWindow_IsCappedByTheCredit()
    {
        var sut = Account(100, Daily, creditNanos: 150);
        sut.Settle(T0, Reserve(ref sut, T0, 100, 0, 1), new Usd(100));

        var nextDay = sut.Remaining(T0.AddDays(1));

        Assert.Equal(new Usd(50), nextDay);
    }

    [Fact]
    public void TryReserve_WhenCreditIsSpentAcrossWindows_RefusesAfterWindowResets()
    {
        var sut = Account(100, Daily, creditNanos: 150);
        sut.Settle(T0, Reserve(ref sut, T0, 100, 0, 1), new Usd(100));
        var day2 = T0.AddDays(1);
        sut.Settle(day2, Reserve(ref sut, day2, 50, 0, 1), new Usd(50));
        var day3 = T0.AddDays(2);
        var max = 1;

        var ok = sut.TryReserve(day3, new Usd(1), 0, ref max, out _);

        Assert.False(ok);
        Assert.Equal(Usd.Zero, sut.Remaining(day3));
        Assert.Equal(new Usd(150), sut.LifetimeSpent);
    }

    [Fact]
    public void Remaining_WhenOnlyACreditLimitIsSet_IsTheCreditLeft()
    {
        var sut = Account(null, creditNanos: 1_000);
        sut.Settle(T0, Reserve(ref sut, T0, 300, 0, 1), new Usd(300));
        Reserve(ref sut, T0, 200, 0, 1);

        Assert.False(sut.IsUnlimited);
        Assert.Null(sut.Limit);
        Assert.Equal(new Usd(500), sut.Remaining(T0));
    }

    [Fact]
    public void TryReserve_WhenAccountIsUnlimited_ReservesEverythingRequested()
    {
        var sut = Account(null);
        var max = 4096;

        var ok = sut.TryReserve(T0, new Usd(1_000), 10, ref max, out var reserved);

        Assert.True(sut.IsUnlimited);
        Assert.True(ok);
        Assert.Equal(4096, max);
        Assert.Equal(new Usd(1_000 + 10 * 4096), reserved);
        Assert.Equal(reserved, sut.Reserved);
        Assert.Equal(Usd.MaxValue, sut.Remaining(T0));
    }

    [Fact]
    public void Restore_WhenPersistedWindowIsCurrent_KeepsItsSpend()
    {
        var sut = Account(1_000, Daily, now: T0.AddHours(1));

        sut.Restore(T0, new Usd(400), new Usd(900), T0.AddHours(2));

        Assert.Equal(T0, sut.WindowStart);
        Assert.Equal(new Usd(400), sut.WindowSpent);
        Assert.Equal(new Usd(900), sut.LifetimeSpent);
        Assert.Equal(new Usd(600), sut.Remaining(T0.AddHours(2)));
    }

    [Fact]
    public void Restore_WhenPersistedWindowHasEnded_ResetsWindowSpendAndKeepsLifetimeSpend()
    {
        var now = T0.AddDays(1).AddHours(1);
        var sut = Account(1_000, Daily, now: now);

        sut.Restore(T0, new Usd(400), new Usd(900), now);

        Assert.Equal(T0.AddDays(1), sut.WindowStart);
        Assert.Equal(Usd.Zero, sut.WindowSpent);
        Assert.Equal(new Usd(900), sut.LifetimeSpent);
        Assert.Equal(new Usd(1_000), sut.Remaining(now));
    }

    [Fact]
    public void Configure_WhenDurationChanges_KeepsSpendInTheReanchoredWindow()
    {
        var sut = Account(1_000, Daily);
        sut.Settle(T0, Reserve(ref sut, T0, 400, 0, 1), new Usd(400));
        var now = T0.AddHours(5).AddMinutes(30);

        sut.Configure(new Usd(1_000), BudgetDuration.Parse("1h"), T0, null, now);

        Assert.Equal(T0.AddHours(5), sut.WindowStart);
        Assert.Equal(new Usd(400), sut.WindowSpent);
        Assert.Equal(new Usd(600), sut.Remaining(now));
    }

    [Fact]
    public void Configure_WhenLimitIsRaised_KeepsSpendAndReservations()
    {
        var sut = Account(1_000, Daily);
        sut.Settle(T0, Reserve(ref sut, T0, 400, 0, 1), new Usd(400));
        Reserve(ref sut, T0, 100, 0, 1);

        sut.Configure(new Usd(2_000), Daily, T0, null, T0.AddHours(1));

        Assert.Equal(new Usd(2_000), sut.Limit);
        Assert.Equal(new Usd(1_500), sut.Remaining(T0.AddHours(1)));
    }

    [Fact]
    public void Remaining_WhenMonthlyWindowStartedOnAClampedDay_KeepsSpendUntilTheNextWindowStarts()
    {
        var anchor = new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero);
        var feb28 = new DateTimeOffset(2025, 2, 28, 12, 0, 0, TimeSpan.Zero);
        var mar29 = new DateTimeOffset(2025, 3, 29, 0, 0, 0, TimeSpan.Zero);
        var sut = new BudgetAccount();
        sut.Configure(new Usd(1_000), BudgetDuration.Parse("1mo"), anchor, null, feb28);
        sut.Settle(feb28, Reserve(ref sut, feb28, 400, 0, 1), new Usd(400));

        var remaining = sut.Remaining(mar29);

        Assert.Equal(new Usd(600), remaining);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), sut.WindowStart);
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 0, 0, 0, TimeSpan.Zero), sut.WindowEnd);
    }

    [Fact]
    public void Remaining_WhenMonthlyWindowEnds_ResetsOnTheAnchorDay()
    {
        var anchor = new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero);
        var sut = new BudgetAccount();
        sut.Configure(new Usd(1_000), BudgetDuration.Parse("1mo"), anchor, null, anchor);
        sut.Settle(anchor, Reserve(ref sut, anchor, 400, 0, 1), new Usd(400));

        Assert.Equal(new Usd(600), sut.Remaining(new DateTimeOffset(2025, 2, 14, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new Usd(1_000), sut.Remaining(new DateTimeOffset(2025, 2, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero), sut.WindowEnd);
    }

    [Fact]
    public void Remaining_WhenTheAnchorIsOutsideUtc_ResetsAtTheAnchorsLocalMonthBoundary_ToTheTick()
    {
        // 23:30 on Jan 31 at +02:00 is still January there and 21:30 UTC: windows end at 23:30 local on the anchor's
        // (clamped) day, and the window's bounds come back in the anchor's offset.
        var plus2 = TimeSpan.FromHours(2);
        var anchor = new DateTimeOffset(2025, 1, 31, 23, 30, 0, plus2);
        var end = new DateTimeOffset(2025, 2, 28, 23, 30, 0, plus2);
        var sut = new BudgetAccount();
        sut.Configure(new Usd(1_000), BudgetDuration.Parse("1mo"), anchor, null, anchor);
        sut.Settle(anchor, Reserve(ref sut, anchor, 400, 0, 1), new Usd(400));

        Assert.Equal(end, sut.WindowEnd);
        Assert.Equal(plus2, sut.WindowEnd!.Value.Offset);
        Assert.Equal(new Usd(600), sut.Remaining(end.AddTicks(-1)));
        Assert.Equal(new Usd(1_000), sut.Remaining(end));
        Assert.Equal(end, sut.WindowStart);
        Assert.Equal(plus2, sut.WindowStart.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 23, 30, 0, plus2), sut.WindowEnd);
    }

    [Fact]
    public void Copy_OfAnAccount_IsAnotherAccount()
    {
        // A struct: what the quota keeps inline is changed in place, and a copy does not share its state.
        var sut = Account(1_000);
        var copy = sut;

        sut.Settle(T0, Reserve(ref sut, T0, 400, 0, 1), new Usd(400));

        Assert.Equal(new Usd(600), sut.Remaining(T0));
        Assert.Equal(new Usd(1_000), copy.Remaining(T0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20250101)]
    public void Operations_WhenRandomlyInterleaved_NeverLetSpendPlusReservedExceedAnyLimit(int seed)
    {
        const long limit = 1_000_000;
        const long credit = 20_000_000;
        var random = new Random(seed);
        var sut = Account(limit, BudgetDuration.Parse("1h"), creditNanos: credit);
        var outstanding = new List<Usd>();
        var now = T0;
        var admitted = 0;

        for (var step = 0; step < 5_000; step++)
        {
            now = now.AddSeconds(random.Next(0, 120));
            var op = random.Next(3);
            if (op == 0 || outstanding.Count == 0)
            {
                var max = random.Next(1, 5_000);
                if (sut.TryReserve(now, new Usd(random.Next(0, 50_000)), random.Next(0, 100), ref max, out var reserved))
                {
                    outstanding.Add(reserved);
                    admitted++;
                }
            }
            else
            {
                var i = random.Next(outstanding.Count);
                var reserved = outstanding[i];
                outstanding.RemoveAt(i);
                if (op == 1) sut.Settle(now, reserved, new Usd(random.NextInt64(0, reserved.Nanos + 1)));
                else sut.Release(reserved);
            }

            sut.Remaining(now);
            Assert.True(sut.WindowSpent + sut.Reserved <= new Usd(limit), $"window invariant broken at step {step}");
            Assert.True(sut.LifetimeSpent + sut.Reserved <= new Usd(credit), $"credit invariant broken at step {step}");
            Assert.True(sut.Reserved >= Usd.Zero, $"negative reservation at step {step}");
        }

        Assert.True(admitted > 100, "the sequence should admit enough requests to exercise the limits");
    }
}

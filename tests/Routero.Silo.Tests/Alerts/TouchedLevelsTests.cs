using Routero.Alerts;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Silo.Tests.Alerts;

public sealed class TouchedLevelsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static SpendRecord Record(string key, DateTimeOffset at, string? user = null, string? team = null, string? org = null, string? customer = null) => new()
    {
        RequestId = $"req-{key}-{at.Ticks}", Timestamp = at, KeyId = key, UserId = user, TeamId = team, OrganizationId = org,
        CustomerId = customer, Model = "gpt-4o", CallType = "chat",
    };

    private static List<(EntityKind, string)> Levels(TouchedLevels touched) =>
        Enumerable.Range(0, touched.Count).Select(i => (touched[i].Kind, touched[i].Id)).ToList();

    [Fact]
    public void Add_EachLevelOnce_FirstSeenFirst_WithLatestSpendAndCounter()
    {
        var sut = new TouchedLevels();
        sut.Add(new SpendBatch(
            [Record("key-1", T0, user: "user-1", team: "team-1", org: "org-1", customer: "cust-1"), Record("key-2", T0.AddSeconds(1), org: "org-1")],
            [new BudgetCounter(EntityKind.Team, "team-1", T0, 10, 10), new BudgetCounter(EntityKind.Key, "key-1/gpt-4o", T0, 1, 1)]), T0);
        sut.Add(new SpendBatch(
            [Record("key-1", T0.AddSeconds(5), user: "user-1", team: "team-1", org: "org-1")],
            [new BudgetCounter(EntityKind.Team, "team-1", T0, 25, 25)]), T0.AddSeconds(6));

        Assert.Equal(
            [(EntityKind.Team, "team-1"), (EntityKind.Key, "key-1"), (EntityKind.User, "user-1"), (EntityKind.Organization, "org-1"),
             (EntityKind.Customer, DailySpendRow.CustomerLevelId("org-1", "cust-1")), (EntityKind.Key, "key-2")],
            Levels(sut));
        var team = sut[0];
        Assert.Equal(new BudgetCounter(EntityKind.Team, "team-1", T0, 25, 25), team.Counter); // the latest batch's
        Assert.Equal(T0.AddSeconds(5), team.At); // the latest record's time, not when the pass saw it
        Assert.Equal("org-1", team.OrganizationHint);
        Assert.Equal(T0.AddSeconds(5), sut[1].At);
        Assert.Null(sut[1].Counter); // a key's pin counter is not its key's
        Assert.Equal(T0.AddSeconds(1), sut[5].At);
    }

    [Fact]
    public void Clear_StartsANewPass_AndReusedRoomHoldsNoStaleLevel()
    {
        var sut = new TouchedLevels();
        var many = Enumerable.Range(0, 10_000).Select(i => Record($"key-{i}", T0)).ToArray();
        sut.Add(new SpendBatch(many, []), T0);
        Assert.Equal(10_000, sut.Count);

        sut.Clear();
        Assert.Equal(0, sut.Count);
        sut.Add(new SpendBatch([Record("key-9999", T0.AddSeconds(1)), Record("key-new", T0.AddSeconds(2))], [new BudgetCounter(EntityKind.Key, "key-new", T0, 3, 3)]), T0);

        Assert.Equal([(EntityKind.Key, "key-new"), (EntityKind.Key, "key-9999")], Levels(sut));
        Assert.Equal(T0.AddSeconds(2), sut[0].At);
        Assert.Equal(T0.AddSeconds(1), sut[1].At);
        Assert.Null(sut[1].Counter);

        // A small pass after a large one gives the room back and still indexes correctly.
        sut.Clear();
        sut.Add(new SpendBatch([Record("key-a", T0), Record("key-b", T0), Record("key-a", T0.AddSeconds(3))], []), T0);
        Assert.Equal([(EntityKind.Key, "key-a"), (EntityKind.Key, "key-b")], Levels(sut));
        Assert.Equal(T0.AddSeconds(3), sut[0].At);
    }
}

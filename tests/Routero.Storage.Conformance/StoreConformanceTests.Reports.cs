using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>Records across two teams, two days, two models, two keys and two organizations' customers.</summary>
    private async Task WriteReportSpendAsync() => await sut.WriteSpendAsync(
    [
        Spend("a") with { TeamId = "team-1", OrganizationId = "org-1", CustomerId = "alice" },
        Spend("b", keyId: "key-2") with { TeamId = "team-1", OrganizationId = "org-1", Model = "m2", SpendNanos = 7, Status = 500 },
        Spend("c") with { TeamId = "team-2", OrganizationId = "org-1", CustomerId = "bob", SpendNanos = 3 },
        Spend("d", minute: 24 * 60) with { TeamId = "team-2", OrganizationId = "org-1", SpendNanos = 11 },
        Spend("e") with { TeamId = "team-3", OrganizationId = "org-2", CustomerId = "alice", SpendNanos = 13 },
        Spend("f") with { OrganizationId = "org-1", SpendNanos = 17 },
    ], []);

    [Fact]
    public async Task ListDailySpendReportAsync_ByIds_ReadsThoseLevelsOrderedByDayThenLevel()
    {
        await WriteReportSpendAsync();

        var rows = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Team, D0, D0.AddDays(1)) { LevelIds = ["team-2", "team-1"] });

        Assert.Equal(
            [(D0, "team-1", "gpt-4o", "key-1"), (D0, "team-1", "m2", "key-2"), (D0, "team-2", "gpt-4o", "key-1"), (D0.AddDays(1), "team-2", "gpt-4o", "key-1")],
            rows.Select(r => (r.Day, r.LevelId, r.Model, r.KeyId)));
        Assert.Equal([1_500L, 7, 3, 11], rows.Select(r => r.SpendNanos));
    }

    [Fact]
    public async Task ListDailySpendReportAsync_WithoutIds_ReadsEveryLevelOfTheKind_AndEmptyIdsNone()
    {
        await WriteReportSpendAsync();

        var all = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Team, D0, D0));
        var none = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Team, D0, D0) { LevelIds = [] });

        Assert.Equal(["team-1", "team-1", "team-2", "team-3"], all.Select(r => r.LevelId));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ListDailySpendReportAsync_Prefix_ReadsOneOrganizationsCustomers()
    {
        await WriteReportSpendAsync();

        var rows = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Customer, D0, D0) { LevelIdPrefix = "org-1|" });

        Assert.Equal(["org-1|alice", "org-1|bob"], rows.Select(r => r.LevelId));
    }

    [Fact]
    public async Task ListDailySpendReportAsync_ModelAndKey_NarrowTheRows()
    {
        await WriteReportSpendAsync();

        var byModel = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Organization, D0, D0.AddDays(1)) { Model = "m2" });
        var byKey = await sut.ListDailySpendReportAsync(new DailySpendReportQuery(EntityKind.Organization, D0, D0.AddDays(1)) { KeyId = "key-2" });

        Assert.Equal(7, Assert.Single(byModel).SpendNanos);
        Assert.Equal(7, Assert.Single(byKey).SpendNanos);
    }

    [Fact]
    public async Task SumDailySpendAsync_SumsEveryMatchingRow_AndZeroWhenNone()
    {
        await WriteReportSpendAsync();

        var sum = await sut.SumDailySpendAsync(new DailySpendReportQuery(EntityKind.Team, D0, D0.AddDays(1)) { LevelIds = ["team-1", "team-2"] });
        var none = await sut.SumDailySpendAsync(new DailySpendReportQuery(EntityKind.Team, D0.AddDays(5), D0.AddDays(6)));

        Assert.Equal(new DailySpendTotals { Requests = 4, Successful = 3, Failed = 1, PromptTokens = 40, CompletionTokens = 80, SpendNanos = 1_521 }, sum);
        Assert.Equal(DailySpendTotals.Zero, none);
    }

    [Fact]
    public async Task ListDailyTeamSpendAsync_SumsTheOrganizationsLogPerDayAndTeam_NoTeamFirst()
    {
        await WriteReportSpendAsync();

        var rows = await sut.ListDailyTeamSpendAsync("org-1", D0, D0.AddDays(1));

        Assert.Equal([(D0, null), (D0, "team-1"), (D0, "team-2"), (D0.AddDays(1), "team-2")], rows.Select(r => (r.Day, r.TeamId)));
        Assert.Equal([17L, 1_507, 3, 11], rows.Select(r => r.Totals.SpendNanos));
        Assert.Equal(new DailySpendTotals { Requests = 2, Successful = 1, Failed = 1, PromptTokens = 20, CompletionTokens = 40, SpendNanos = 1_507 }, rows[1].Totals);
    }

    [Fact]
    public async Task ListDailyTeamSpendAsync_RangeIsWholeUtcDays()
    {
        var midnight = new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero);
        await sut.WriteSpendAsync(
        [
            Spend("a") with { Timestamp = midnight.AddTicks(-1), OrganizationId = "org-1" },
            Spend("b") with { Timestamp = midnight, OrganizationId = "org-1" },
        ], []);

        Assert.Equal([D0], (await sut.ListDailyTeamSpendAsync("org-1", D0, D0)).Select(r => r.Day));
        Assert.Equal([D0.AddDays(1)], (await sut.ListDailyTeamSpendAsync("org-1", D0.AddDays(1), D0.AddDays(1))).Select(r => r.Day));
    }

    [Fact]
    public async Task ListSpendAsync_ModelAndVisibility_Filter()
    {
        await WriteReportSpendAsync();
        await sut.WriteSpendAsync([Spend("g") with { UserId = "user-1" }], []);

        async Task<string[]> Ids(SpendQuery q) => [.. (await sut.ListSpendAsync(q)).Items.Select(s => s.RequestId).Order(StringComparer.Ordinal)];
        Assert.Equal(["b"], await Ids(new SpendQuery { Model = "m2" }));
        Assert.Equal(["a", "b", "e", "g"], await Ids(new SpendQuery { VisibleTo = new() { TeamIds = ["team-1", "team-3"], UserIds = ["user-1"] } }));
        Assert.Equal(["a", "b", "c", "d", "f"], await Ids(new SpendQuery { VisibleTo = new() { OrganizationIds = ["org-1"] } }));
        Assert.Equal(["c", "d"], await Ids(new SpendQuery { TeamId = "team-2", VisibleTo = new() { OrganizationIds = ["org-1"] } }));
        Assert.Empty(await Ids(new SpendQuery { TeamId = "team-3", VisibleTo = new() { OrganizationIds = ["org-1"] } }));
        Assert.Empty(await Ids(new SpendQuery { VisibleTo = new() }));
        Assert.Equal(1_507, await sut.SumSpendAsync(new SpendQuery { VisibleTo = new() { TeamIds = ["team-1"] } }));
    }
}

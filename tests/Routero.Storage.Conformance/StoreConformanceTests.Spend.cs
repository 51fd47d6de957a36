using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>A spend record <paramref name="minute"/> minutes after <see cref="T0"/>.</summary>
    protected static SpendRecord Spend(string requestId, int minute = 0, string keyId = "key-1") => new()
    {
        RequestId = requestId,
        Timestamp = T0.AddMinutes(minute),
        KeyId = keyId,
        Model = "gpt-4o",
        CallType = "chat",
        PromptTokens = 10,
        CompletionTokens = 20,
        SpendNanos = 1_500,
        Status = 200,
    };

    [Fact]
    public async Task WriteSpendAsync_Record_RoundTripsEveryColumn()
    {
        var record = new SpendRecord
        {
            RequestId = "req-1",
            Timestamp = T0,
            KeyId = "key-1",
            TeamId = "team-1",
            UserId = "user-1",
            OrganizationId = "org-1",
            CustomerId = "cust-1",
            Model = "gpt-4o-mini",
            Deployment = "azure-eu",
            CallType = "embeddings",
            PromptTokens = 123_456,
            CompletionTokens = 7,
            SpendNanos = 9_876_543_210_123,
            UsageEstimated = true,
            Status = 499,
        };

        await sut.WriteSpendAsync([record], []);

        var page = await sut.ListSpendAsync(new SpendQuery { RequestId = "req-1" });
        Assert.Equal(new[] { record }, page.Items);
        Assert.Equal(T0.UtcTicks, page.Items[0].Timestamp.UtcTicks);
    }

    [Fact]
    public async Task WriteSpendAsync_SameRequestIdAgain_KeepsFirstRecord()
    {
        var first = Spend("req-1");
        await sut.WriteSpendAsync([first], []);

        await sut.WriteSpendAsync([first with { SpendNanos = 99 }, Spend("req-2", minute: 1)], []);

        var page = await sut.ListSpendAsync(new SpendQuery());
        Assert.Equal(new[] { Spend("req-2", minute: 1), first }, page.Items);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task WriteSpendAsync_Counters_StoresLatestAbsoluteValues()
    {
        await sut.WriteSpendAsync([Spend("req-1")], [new BudgetCounter(EntityKind.Team, "team-1", T0, 100, 1_000)]);
        var latest = new BudgetCounter(EntityKind.Team, "team-1", T0.AddDays(30), 30, 1_130);

        await sut.WriteSpendAsync([], [latest]);

        Assert.Equal(latest, await sut.GetCounterAsync(EntityKind.Team, "team-1"));
    }

    [Fact]
    public async Task WriteSpendAsync_OneLevelTwiceInABatch_KeepsTheLaterCounter()
    {
        var later = new BudgetCounter(EntityKind.Team, "team-1", T0, 20, 200);

        // Written in lock order (by level), the two counters of team-1 must keep their order within the batch.
        await sut.WriteSpendAsync([Spend("req-1")],
            [new BudgetCounter(EntityKind.User, "user-1", T0, 5, 5), new BudgetCounter(EntityKind.Team, "team-1", T0, 10, 100),
             new BudgetCounter(EntityKind.Key, "key-1", T0, 1, 1), later]);

        Assert.Equal(later, await sut.GetCounterAsync(EntityKind.Team, "team-1"));
        Assert.Equal(new BudgetCounter(EntityKind.User, "user-1", T0, 5, 5), await sut.GetCounterAsync(EntityKind.User, "user-1"));
    }

    [Fact]
    public async Task GetCounterAsync_NeverSpent_ReturnsNull()
    {
        await sut.WriteSpendAsync([], [new BudgetCounter(EntityKind.Team, "team-1", T0, 1, 1)]);

        Assert.Null(await sut.GetCounterAsync(EntityKind.User, "team-1"));
        Assert.Null(await sut.GetCounterAsync(EntityKind.Team, "team-2"));
    }

    [Fact]
    public async Task WriteSpendAsync_EmptyBatch_WritesNothing()
    {
        await sut.WriteSpendAsync([], []);

        Assert.Equal(0, (await sut.ListSpendAsync(new SpendQuery())).Total);
    }

    [Fact]
    public async Task ListSpendAsync_NoFilter_ReturnsNewestFirst()
    {
        await sut.WriteSpendAsync([Spend("b", minute: 1), Spend("c", minute: 2), Spend("a", minute: 0)], []);

        var page = await sut.ListSpendAsync(new SpendQuery());

        Assert.Equal(new[] { "c", "b", "a" }, page.Items.Select(s => s.RequestId));
        Assert.Equal(3, page.Total);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("team")]
    [InlineData("user")]
    [InlineData("organization")]
    [InlineData("customer")]
    [InlineData("request")]
    public async Task ListSpendAsync_ByOneFilter_ReturnsOnlyMatches(string filter)
    {
        // Each record matches exactly one filter's value, and "all" matches every one.
        await sut.WriteSpendAsync(
        [
            Spend("key", 1, keyId: "x"),
            Spend("team", 2) with { TeamId = "x" },
            Spend("user", 3) with { UserId = "x" },
            Spend("organization", 4) with { OrganizationId = "x" },
            Spend("customer", 5) with { CustomerId = "x" },
            Spend("all", 6, keyId: "x") with { TeamId = "x", UserId = "x", OrganizationId = "x", CustomerId = "x" },
            Spend("request", 7),
        ], []);
        var query = filter switch
        {
            "key" => new SpendQuery { KeyId = "x" },
            "team" => new SpendQuery { TeamId = "x" },
            "user" => new SpendQuery { UserId = "x" },
            "organization" => new SpendQuery { OrganizationId = "x" },
            "customer" => new SpendQuery { CustomerId = "x" },
            _ => new SpendQuery { RequestId = "request" },
        };

        var page = await sut.ListSpendAsync(query);

        var expected = filter == "request" ? new[] { "request" } : ["all", filter];
        Assert.Equal(expected, page.Items.Select(s => s.RequestId));
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task ListSpendAsync_DateRange_IncludesFromAndExcludesTo()
    {
        await sut.WriteSpendAsync(
            [Spend("before", minute: 0) with { Timestamp = T0.AddTicks(-10) }, Spend("from", 0), Spend("inside", 1), Spend("to", 2)], []);

        var page = await sut.ListSpendAsync(new SpendQuery { From = T0, To = T0.AddMinutes(2) });

        Assert.Equal(new[] { "inside", "from" }, page.Items.Select(s => s.RequestId));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task ListSpendAsync_FilterAndDateRange_Combine()
    {
        await sut.WriteSpendAsync([Spend("a", 0, keyId: "x"), Spend("b", 1, keyId: "x"), Spend("c", 1, keyId: "y"), Spend("d", 5, keyId: "x")], []);

        var page = await sut.ListSpendAsync(new SpendQuery { KeyId = "x", From = T0.AddMinutes(1) , To = T0.AddMinutes(5) });

        Assert.Equal(new[] { "b" }, page.Items.Select(s => s.RequestId));
    }

    [Fact]
    public async Task SumSpendAsync_FilterAndDateRange_SumsExactlyTheMatches_IgnoringPaging()
    {
        await sut.WriteSpendAsync([
            Spend("a", 0, keyId: "x") with { SpendNanos = 1 }, Spend("b", 1, keyId: "x") with { SpendNanos = 20 },
            Spend("c", 1, keyId: "y") with { SpendNanos = 300 }, Spend("d", 2, keyId: "x") with { SpendNanos = 4_000_000_000_000 }], []);

        var inWindow = await sut.SumSpendAsync(new SpendQuery { KeyId = "x", From = T0.AddMinutes(1), Limit = 1 });
        var none = await sut.SumSpendAsync(new SpendQuery { KeyId = "nobody" });

        Assert.Equal(4_000_000_000_020, inWindow);
        Assert.Equal(0, none);
    }

    [Fact]
    public async Task ListSpendAsync_OffsetAndLimit_ReturnSliceWithFullTotal()
    {
        await sut.WriteSpendAsync(Enumerable.Range(1, 5).Select(i => Spend($"req-{i}", minute: i)).ToArray(), []);

        var page = await sut.ListSpendAsync(new SpendQuery { Offset = 1, Limit = 2 });
        var beyond = await sut.ListSpendAsync(new SpendQuery { Offset = 10, Limit = 2 });

        Assert.Equal(new[] { "req-4", "req-3" }, page.Items.Select(s => s.RequestId));
        Assert.Equal(5, page.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }
}

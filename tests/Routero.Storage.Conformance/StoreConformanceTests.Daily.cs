using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>The UTC day of <see cref="T0"/>.</summary>
    protected static readonly DateOnly D0 = new(2025, 3, 14);

    [Theory]
    [InlineData(EntityKind.Key, "key-1")]
    [InlineData(EntityKind.User, "user-1")]
    [InlineData(EntityKind.Team, "team-1")]
    [InlineData(EntityKind.Organization, "org-1")]
    [InlineData(EntityKind.Customer, "org-1|cust-1")]
    public async Task WriteSpendAsync_Records_SumIntoEachNamedLevelsDailyRow(EntityKind kind, string id)
    {
        var named = Spend("a") with { UserId = "user-1", TeamId = "team-1", OrganizationId = "org-1", CustomerId = "cust-1" };
        await sut.WriteSpendAsync(
        [
            named,
            named with { RequestId = "b", PromptTokens = 5, CompletionTokens = 7, SpendNanos = 4_000_000_000_000, Status = 500 },
            Spend("key-only"),
        ], []);

        var rows = await sut.ListDailySpendAsync(new DailySpendQuery(kind, id, D0, D0));

        // Only the key is named by the third record.
        var keyOnly = kind == EntityKind.Key ? 1 : 0;
        var expected = Row(kind, id) with
        {
            Requests = 2 + keyOnly,
            Successful = 1 + keyOnly,
            Failed = 1,
            PromptTokens = 15 + (10 * keyOnly),
            CompletionTokens = 27 + (20 * keyOnly),
            SpendNanos = 4_000_000_001_500 + (1_500 * keyOnly),
        };
        Assert.Equal(new[] { expected }, rows);
    }

    [Fact]
    public async Task WriteSpendAsync_Customers_AreCountedWithinTheirOrganization()
    {
        await sut.WriteSpendAsync(
        [
            Spend("a") with { OrganizationId = "org-1", CustomerId = "alice" },
            Spend("b") with { OrganizationId = "org-2", CustomerId = "alice" },
            Spend("c") with { CustomerId = "alice" },
        ], []);

        foreach (var id in new[] { "org-1|alice", "org-2|alice", "|alice" })
        {
            Assert.Equal(new[] { Counted(Row(EntityKind.Customer, id), Spend("a")) },
                await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Customer, id, D0, D0)));
        }
        Assert.Empty(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Customer, "alice", D0, D0)));
    }

    [Fact]
    public async Task WriteSpendAsync_SameIdOnTwoLevelKinds_KeepsTheirRowsApart()
    {
        await sut.WriteSpendAsync([Spend("a") with { TeamId = "x" }, Spend("b") with { UserId = "x" }, Spend("c") with { UserId = "x" }], []);

        Assert.Equal(1, Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Team, "x", D0, D0))).Requests);
        Assert.Equal(2, Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.User, "x", D0, D0))).Requests);
        Assert.Empty(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Organization, "x", D0, D0)));
    }

    [Fact]
    public async Task WriteSpendAsync_SameRequestIdInOneBatch_CountsTheFirstOnly()
    {
        await sut.WriteSpendAsync([Spend("a"), Spend("a") with { SpendNanos = 99, Status = 500 }, Spend("b")], []);

        var row = Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", D0, D0)));
        Assert.Equal(Counted(Row(EntityKind.Key, "key-1"), Spend("a"), Spend("b")), row);
    }

    [Fact]
    public async Task WriteSpendAsync_SameRequestIdInLaterBatch_IsNotCountedAgain()
    {
        await sut.WriteSpendAsync([Spend("a") with { TeamId = "team-1" }], []);

        await sut.WriteSpendAsync([Spend("a") with { TeamId = "team-1", SpendNanos = 99 }, Spend("b") with { TeamId = "team-1" }], []);
        await sut.WriteSpendAsync([Spend("b") with { TeamId = "team-1" }], [new BudgetCounter(EntityKind.Team, "team-1", T0, 1, 1)]);

        var row = Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Team, "team-1", D0, D0)));
        Assert.Equal(Counted(Row(EntityKind.Team, "team-1"), Spend("a"), Spend("b")), row);
    }

    [Fact]
    public async Task WriteSpendAsync_RecordsAroundUtcMidnight_LandOnTheirUtcDays()
    {
        var midnight = new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero);
        await sut.WriteSpendAsync(
        [
            Spend("last-tick") with { Timestamp = midnight.AddTicks(-1) },
            Spend("midnight") with { Timestamp = midnight },
            // 01:00 at +02:00 is 23:00 UTC the day before: the UTC day counts, not the local one.
            Spend("offset") with { Timestamp = new DateTimeOffset(2025, 3, 15, 1, 0, 0, TimeSpan.FromHours(2)) },
        ], []);

        var rows = await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", D0, D0.AddDays(1)));

        Assert.Equal(new[] { (D0, 2L), (D0.AddDays(1), 1L) }, rows.Select(r => (r.Day, r.Requests)));
    }

    [Fact]
    public async Task WriteSpendAsync_Statuses_CountOnly2xxAsSuccessful()
    {
        int[] statuses = [199, 200, 201, 299, 300, 429, 499, 500];
        await sut.WriteSpendAsync(statuses.Select(s => Spend($"req-{s}") with { Status = s }).ToArray(), []);

        var row = Assert.Single(await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", D0, D0)));

        Assert.Equal((8L, 3L, 5L), (row.Requests, row.Successful, row.Failed));
    }

    [Fact]
    public async Task ListDailySpendAsync_ModelsAndKeys_OneRowEach_OrderedByDayModelKey()
    {
        SpendRecord[] records =
        [
            Spend("a", keyId: "key-2") with { Model = "b" },
            Spend("b", keyId: "key-2") with { Model = "a" },
            Spend("c", minute: 24 * 60) with { Model = "a" },
            Spend("d") with { Model = "b" },
            Spend("e") with { Model = "b" },
            Spend("f") with { Model = "a" },
        ];
        await sut.WriteSpendAsync(records.Select(r => r with { TeamId = "team-1" }).ToArray(), []);

        var rows = await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Team, "team-1", D0, D0.AddDays(1)));

        Assert.Equal(
            new[] { (D0, "a", "key-1", 1L), (D0, "a", "key-2", 1L), (D0, "b", "key-1", 2L), (D0, "b", "key-2", 1L), (D0.AddDays(1), "a", "key-1", 1L) },
            rows.Select(r => (r.Day, r.Model, r.KeyId, r.Requests)));
    }

    [Fact]
    public async Task ListDailySpendAsync_DayRange_IncludesBothEnds()
    {
        await sut.WriteSpendAsync(Enumerable.Range(-1, 6).Select(d => Spend($"day{d}", minute: d * 24 * 60)).ToArray(), []);

        var rows = await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", D0, D0.AddDays(3)));
        var reversed = await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Key, "key-1", D0.AddDays(3), D0));

        Assert.Equal(new[] { D0, D0.AddDays(1), D0.AddDays(2), D0.AddDays(3) }, rows.Select(r => r.Day));
        Assert.Empty(reversed);
    }

    [Theory]
    [InlineData("a", null, new[] { "1", "3" })]
    [InlineData(null, "key-2", new[] { "2", "3" })]
    [InlineData("a", "key-2", new[] { "3" })]
    [InlineData("c", null, new string[0])]
    public async Task ListDailySpendAsync_ModelOrKeyFilter_ReturnsOnlyMatches(string? model, string? keyId, string[] expected)
    {
        // Record n lands on day n, so the rows returned name the records that matched.
        SpendRecord[] records =
        [
            Spend("0", 0) with { Model = "b" },
            Spend("1", 1 * 24 * 60) with { Model = "a" },
            Spend("2", 2 * 24 * 60, keyId: "key-2") with { Model = "b" },
            Spend("3", 3 * 24 * 60, keyId: "key-2") with { Model = "a" },
        ];
        await sut.WriteSpendAsync(records.Select(r => r with { OrganizationId = "org-1" }).ToArray(), []);

        var rows = await sut.ListDailySpendAsync(
            new DailySpendQuery(EntityKind.Organization, "org-1", D0, D0.AddDays(3)) { Model = model, KeyId = keyId });

        Assert.Equal(expected, rows.Select(r => (r.Day.DayNumber - D0.DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task WriteSpendAsync_ConcurrentBatchesOfDistinctRecords_SumExactly()
    {
        const int tasks = 10, perTask = 40;
        // Every batch touches the same daily rows (two keys by two models), half of them in reverse order.
        var batches = Enumerable.Range(0, tasks).Select(t =>
        {
            var batch = Enumerable.Range(0, perTask).Select(i => Spend($"req-{t:D2}-{i:D2}", keyId: $"key-{(i + t) % 2}") with
            {
                Model = $"m{i / 2 % 2}", TeamId = "team-1", SpendNanos = (t * perTask) + i + 1, Status = i % 5 == 0 ? 429 : 200,
            });
            return (t % 2 == 0 ? batch : batch.Reverse()).ToArray();
        }).ToArray();

        await Task.WhenAll(batches.Select(batch => Task.Run(() => sut.WriteSpendAsync(batch, []))));

        var rows = await sut.ListDailySpendAsync(new DailySpendQuery(EntityKind.Team, "team-1", D0, D0));
        const long n = tasks * perTask;
        Assert.Equal(4, rows.Count);
        Assert.Equal((n, n / 5 * 4, n / 5), (rows.Sum(r => r.Requests), rows.Sum(r => r.Successful), rows.Sum(r => r.Failed)));
        Assert.Equal(n * (n + 1) / 2, rows.Sum(r => r.SpendNanos));
        Assert.Equal(await sut.SumSpendAsync(new SpendQuery { TeamId = "team-1" }), rows.Sum(r => r.SpendNanos));
        Assert.All(rows, r => Assert.Equal(n / 4, r.Requests));
    }

    /// <summary>An empty daily row of <see cref="D0"/>, for the model and key of <see cref="Spend"/>.</summary>
    private static DailySpendRow Row(EntityKind kind, string id) =>
        new() { Day = D0, LevelKind = kind, LevelId = id, Model = "gpt-4o", KeyId = "key-1" };

    /// <summary><paramref name="row"/> with <paramref name="records"/> added, as storage should count them.</summary>
    private static DailySpendRow Counted(DailySpendRow row, params SpendRecord[] records) => row with
    {
        Requests = row.Requests + records.Length,
        Successful = row.Successful + records.Count(r => r.Status is >= 200 and <= 299),
        Failed = row.Failed + records.Count(r => r.Status is < 200 or > 299),
        PromptTokens = row.PromptTokens + records.Sum(r => (long)r.PromptTokens),
        CompletionTokens = row.CompletionTokens + records.Sum(r => (long)r.CompletionTokens),
        SpendNanos = row.SpendNanos + records.Sum(r => r.SpendNanos),
    };
}

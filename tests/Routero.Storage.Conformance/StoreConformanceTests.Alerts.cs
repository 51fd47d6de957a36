using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private static OrganizationSetting Setting(string org, long version, string json = """{"alerting":["slack"]}""") => new()
    {
        OrganizationId = org, Name = "alerting", Json = json, Version = version, UpdatedAt = T0.AddMinutes(version),
    };

    private static BudgetAlertClaim Claim(string level = "team-1", string threshold = "max_budget:0.8:1000", int window = 0) => new()
    {
        LevelKind = EntityKind.Team, LevelId = level, WindowStart = T0.AddDays(window), WindowEnd = T0.AddDays(window + 1),
        Threshold = threshold, OrganizationId = "org-1", ClaimedAt = T0, ClaimedBy = "silo-a",
    };

    [Fact]
    public async Task PutOrganizationSettingAsync_WithAudit_AppendsTheRecordOnlyWhenTheSettingIsWritten()
    {
        await sut.PutOrganizationSettingAsync(Setting("org-1", 1), Audit("written"));

        Assert.Equal(CommitStatus.Conflict, await sut.PutOrganizationSettingAsync(Setting("org-1", 5), Audit("stale")));
        Assert.Equal(CommitStatus.Duplicate, await sut.PutOrganizationSettingAsync(Setting("org-1", 1), Audit("duplicate")));

        var records = await sut.ListAuditAsync(new AuditQuery());
        Assert.Equal("written", Assert.Single(records.Items).Id);
    }

    [Fact]
    public async Task GetOrganizationSettingAsync_NeverSet_IsNull()
    {
        Assert.Null(await sut.GetOrganizationSettingAsync("org-1", "alerting"));
    }

    [Fact]
    public async Task PutOrganizationSettingAsync_New_RoundTripsExactly()
    {
        var setting = Setting("org-1", 1);

        Assert.Equal(CommitStatus.Committed, await sut.PutOrganizationSettingAsync(setting));

        Assert.Equal(setting, await sut.GetOrganizationSettingAsync("org-1", "alerting"));
        Assert.Null(await sut.GetOrganizationSettingAsync("org-1", "scim"));
        Assert.Null(await sut.GetOrganizationSettingAsync("org-2", "alerting"));
    }

    [Fact]
    public async Task PutOrganizationSettingAsync_Version1WhenItExists_IsDuplicateAndKeepsTheStoredOne()
    {
        await sut.PutOrganizationSettingAsync(Setting("org-1", 1));

        Assert.Equal(CommitStatus.Duplicate, await sut.PutOrganizationSettingAsync(Setting("org-1", 1, """{"other":1}""")));

        Assert.Equal(Setting("org-1", 1), await sut.GetOrganizationSettingAsync("org-1", "alerting"));
    }

    [Fact]
    public async Task PutOrganizationSettingAsync_NextVersion_Replaces_AndAStaleVersionConflicts()
    {
        await sut.PutOrganizationSettingAsync(Setting("org-1", 1));

        Assert.Equal(CommitStatus.Committed, await sut.PutOrganizationSettingAsync(Setting("org-1", 2, """{"v":2}""")));
        Assert.Equal(CommitStatus.Conflict, await sut.PutOrganizationSettingAsync(Setting("org-1", 2, """{"v":"stale"}""")));
        Assert.Equal(CommitStatus.Conflict, await sut.PutOrganizationSettingAsync(Setting("org-2", 2)));

        Assert.Equal(Setting("org-1", 2, """{"v":2}"""), await sut.GetOrganizationSettingAsync("org-1", "alerting"));
    }

    [Fact]
    public async Task PutOrganizationSettingAsync_ConcurrentUpdatesAtSameVersion_ExactlyOneWins()
    {
        await sut.PutOrganizationSettingAsync(Setting("org-1", 1));

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => sut.PutOrganizationSettingAsync(Setting("org-1", 2, $$"""{"writer":{{i}}}""")))));

        var winner = Assert.Single(Enumerable.Range(0, Writers), i => results[i] == CommitStatus.Committed);
        Assert.All(results.Where(r => r != CommitStatus.Committed), r => Assert.Equal(CommitStatus.Conflict, r));
        Assert.Equal($$"""{"writer":{{winner}}}""", (await sut.GetOrganizationSettingAsync("org-1", "alerting"))!.Json);
    }

    [Fact]
    public async Task CommitAsync_DeleteOrganization_DeletesItsSettingsOnly()
    {
        await InsertAsync(Entity(EntityKind.Organization, "org-1"), Entity(EntityKind.Team, "org-2"));
        await sut.PutOrganizationSettingAsync(Setting("org-1", 1));
        await sut.PutOrganizationSettingAsync(Setting("org-2", 1));

        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Deletes.Add((EntityKind.Organization, "org-1"))));
        // A team that happens to share the id is not an organization: its deletion leaves org-2's settings alone.
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Deletes.Add((EntityKind.Team, "org-2"))));

        Assert.Null(await sut.GetOrganizationSettingAsync("org-1", "alerting"));
        Assert.NotNull(await sut.GetOrganizationSettingAsync("org-2", "alerting"));
    }

    [Fact]
    public async Task TryClaimBudgetAlertAsync_SameKeyTwice_OnlyTheFirstClaims()
    {
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim()));

        Assert.False(await sut.TryClaimBudgetAlertAsync(Claim() with { ClaimedBy = "silo-b", ClaimedAt = T0.AddSeconds(1) }));
    }

    [Fact]
    public async Task TryClaimBudgetAlertAsync_AnotherLevelThresholdOrWindow_ClaimsAgain()
    {
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim()));

        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim(level: "team-2")));
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim() with { LevelKind = EntityKind.Key }));
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim(threshold: "max_budget:1:1000")));
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim(window: 1)));
        // The window start is kept to the tick: a window 100 ns later is another window.
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim() with { WindowStart = T0.AddTicks(1) }));
    }

    [Fact]
    public async Task TryClaimBudgetAlertAsync_ManySilosAtOnce_ExactlyOneClaims()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(() => sut.TryClaimBudgetAlertAsync(Claim() with { ClaimedBy = $"silo-{i}" }))));

        Assert.Single(results, claimed => claimed);
    }

    [Fact]
    public async Task PruneBudgetAlertsAsync_RemovesEndedWindowsOnly()
    {
        await sut.TryClaimBudgetAlertAsync(Claim(window: 0));
        await sut.TryClaimBudgetAlertAsync(Claim(window: 1));
        await sut.TryClaimBudgetAlertAsync(Claim(level: "forever") with { WindowEnd = null });

        Assert.Equal(1, await sut.PruneBudgetAlertsAsync(T0.AddDays(1).AddTicks(1)));

        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim(window: 0)));
        Assert.False(await sut.TryClaimBudgetAlertAsync(Claim(window: 1)));
        Assert.False(await sut.TryClaimBudgetAlertAsync(Claim(level: "forever") with { WindowEnd = null }));
    }

    [Fact]
    public async Task CommitAsync_DeleteLevel_ForgetsItsClaims()
    {
        await InsertAsync(Entity(EntityKind.Team, "team-1"), Entity(EntityKind.Team, "team-2"));
        await sut.TryClaimBudgetAlertAsync(Claim("team-1"));
        await sut.TryClaimBudgetAlertAsync(Claim("team-2"));

        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Deletes.Add((EntityKind.Team, "team-1"))));

        // A team created again under the same id alerts again; the other team's claim stands.
        Assert.True(await sut.TryClaimBudgetAlertAsync(Claim("team-1")));
        Assert.False(await sut.TryClaimBudgetAlertAsync(Claim("team-2")));
    }
}

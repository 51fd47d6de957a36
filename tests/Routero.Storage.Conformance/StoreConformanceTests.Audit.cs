using Routero.Tenancy;

namespace Routero.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>An audit record <paramref name="minute"/> minutes after <see cref="T0"/>.</summary>
    protected static AuditRecord Audit(string id, int minute = 0, string? organizationId = "org-1") => new()
    {
        Id = id,
        Timestamp = T0.AddMinutes(minute),
        Actor = "master_key",
        OrganizationId = organizationId,
        Action = "team.update",
        Operation = "update",
        TargetType = "team",
        TargetId = "team-1",
        Before = """{"max_budget":1}""",
        After = """{"max_budget":2}""",
        RequestId = "req-" + id,
    };

    [Fact]
    public async Task CommitAsync_AuditRecord_RoundTripsEveryColumn()
    {
        var record = new AuditRecord
        {
            Id = "audit-1", Timestamp = T0, Actor = "user-7", ActorKeyId = "key-7", OrganizationId = "org-1",
            Action = "key.generate", Operation = "create", TargetType = "key", TargetId = "key-1",
            Before = null, After = """{"key_alias":"prod","models":["a","b"]}""", RequestId = "req-42",
        };

        Assert.Equal(CommitResult.Ok, await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.Key, "key-1"));
            c.Audit.Add(record);
        }));

        var page = await sut.ListAuditAsync(new AuditQuery());
        Assert.Equal(new[] { record }, page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal(T0.UtcTicks, page.Items[0].Timestamp.UtcTicks);
    }

    [Fact]
    public async Task CommitAsync_AuditOnly_IsNotEmptyAndCommits()
    {
        var changes = new ChangeSet();
        changes.Audit.Add(Audit("a"));

        Assert.False(changes.IsEmpty);
        Assert.Equal(CommitResult.Ok, await sut.CommitAsync(changes));
        Assert.Equal("a", Assert.Single((await sut.ListAuditAsync(new AuditQuery())).Items).Id);
    }

    [Fact]
    public async Task CommitAsync_Duplicate_WritesNoAuditRecord()
    {
        await InsertAsync(Entity(EntityKind.Team, "team-1"));

        var result = await CommitAsync(c =>
        {
            c.Inserts.Add(Entity(EntityKind.Team, "team-1"));
            c.Audit.Add(Audit("a"));
        });

        Assert.Equal(CommitStatus.Duplicate, result.Status);
        Assert.Equal(0, (await sut.ListAuditAsync(new AuditQuery())).Total);
    }

    [Fact]
    public async Task CommitAsync_Conflict_WritesNoAuditRecord()
    {
        await InsertAsync(Entity(EntityKind.Team, "team-1"));

        var result = await CommitAsync(c =>
        {
            c.Updates.Add(Entity(EntityKind.Team, "team-1") with { Version = 5 });
            c.Audit.Add(Audit("a"));
        });

        Assert.Equal(CommitStatus.Conflict, result.Status);
        Assert.Empty((await sut.ListAuditAsync(new AuditQuery())).Items);
    }

    [Fact]
    public async Task ListAuditAsync_IsNewestFirst_AndKeepsTheOrderOfOneCommit()
    {
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Audit.AddRange([Audit("old", minute: 1), Audit("older", minute: 0)])));
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Audit.AddRange([Audit("new-1", minute: 5), Audit("new-2", minute: 5)])));

        var page = await sut.ListAuditAsync(new AuditQuery());

        // Same instant: the later-written record first (newest first), as written within the commit.
        Assert.Equal(["new-2", "new-1", "old", "older"], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task ListAuditAsync_Filters_MatchOnlyTheirRecords()
    {
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Audit.AddRange(
        [
            Audit("a", 0),
            Audit("b", 1, organizationId: "org-2") with { Action = "key.delete", TargetType = "key", TargetId = "key-9" },
            Audit("c", 2, organizationId: null) with { Actor = "user-1", RequestId = "req-shared" },
            Audit("d", 3) with { RequestId = "req-shared" },
        ])));

        async Task<string[]> Ids(AuditQuery q) => [.. (await sut.ListAuditAsync(q)).Items.Select(a => a.Id)];
        Assert.Equal(["d", "a"], await Ids(new AuditQuery { OrganizationId = "org-1" }));
        Assert.Equal(["b"], await Ids(new AuditQuery { Action = "key.delete" }));
        Assert.Equal(["b"], await Ids(new AuditQuery { TargetType = "key", TargetId = "key-9" }));
        Assert.Equal(["c"], await Ids(new AuditQuery { Actor = "user-1" }));
        Assert.Equal(["d", "c"], await Ids(new AuditQuery { RequestId = "req-shared" }));
        Assert.Equal(["c", "b"], await Ids(new AuditQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(3) }));
        Assert.Equal(["d", "b", "a"], await Ids(new AuditQuery { VisibleOrganizationIds = ["org-1", "org-2"] }));
        Assert.Empty(await Ids(new AuditQuery { VisibleOrganizationIds = [] }));
    }

    [Fact]
    public async Task ListAuditAsync_Pages_WithTheTotalOfAllMatches()
    {
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Audit.AddRange(Enumerable.Range(0, 7).Select(i => Audit($"a{i}", i)))));

        var page = await sut.ListAuditAsync(new AuditQuery { Offset = 2, Limit = 3 });

        Assert.Equal(7, page.Total);
        Assert.Equal(["a4", "a3", "a2"], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task ListAuditAsync_HugeLimit_IsCappedAt500()
    {
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Audit.AddRange(Enumerable.Range(0, 501).Select(i => Audit($"a{i:D3}", i)))));

        var page = await sut.ListAuditAsync(new AuditQuery { Limit = int.MaxValue });

        Assert.Equal(501, page.Total);
        Assert.Equal(500, page.Items.Count);
    }
}

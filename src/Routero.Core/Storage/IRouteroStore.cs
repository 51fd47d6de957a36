using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// The system of record. SQLite (embedded) and PostgreSQL (cluster) implement it and pass one shared
/// conformance suite. Nothing on the request hot path calls it in the common case: grains read at
/// activation, admin actions write, and the spend writer appends in batches.
/// </summary>
public partial interface IRouteroStore
{
    /// <summary>Creates or upgrades the schema. Safe to call from several processes at once.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Reads one object, or null.</summary>
    Task<StoredEntity?> GetAsync(EntityKind kind, string id, CancellationToken ct = default);

    /// <summary>Finds the id of the key with this hash (lowercase hex), or null.</summary>
    Task<string?> FindKeyIdByHashAsync(string keyHash, CancellationToken ct = default);

    /// <summary>Lists objects, ordered by creation time then id.</summary>
    Task<Page<StoredEntity>> ListAsync(EntityQuery query, CancellationToken ct = default);

    /// <summary>Applies a change set atomically.</summary>
    Task<CommitResult> CommitAsync(ChangeSet changes, CancellationToken ct = default);

    /// <summary>Memberships of one organization or team.</summary>
    Task<IReadOnlyList<Membership>> ListMembersAsync(EntityKind scopeKind, string scopeId, CancellationToken ct = default);

    /// <summary>Everything a user is a member of.</summary>
    Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken ct = default);

    /// <summary>The persisted budget counters of one level, or null when it never spent.</summary>
    Task<BudgetCounter?> GetCounterAsync(EntityKind kind, string id, CancellationToken ct = default);

    /// <summary>
    /// Appends spend records and sets budget counters (absolute values) in one transaction: the group commit.
    /// Re-writing a record with an existing request id is ignored (idempotent retries); within one batch the
    /// first record of a request id wins. The same transaction adds every newly appended record, and only
    /// those, to the daily rows (<see cref="ListDailySpendAsync"/>) of each level it names.
    /// </summary>
    Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, CancellationToken ct = default);

    /// <summary>
    /// Sums the spend (nanodollars) of every record the query matches, ignoring its paging: the exact spend of a
    /// level over a window, whichever silo served it.
    /// </summary>
    Task<long> SumSpendAsync(SpendQuery query, CancellationToken ct = default);

    /// <summary>Reads the spend log, newest first.</summary>
    Task<Page<SpendRecord>> ListSpendAsync(SpendQuery query, CancellationToken ct = default);

    /// <summary>
    /// The daily aggregates of one level, ordered by day, then model, then key id (ordinal). They are
    /// updated in the same transaction as the spend records they count, so they always agree with the log.
    /// </summary>
    Task<IReadOnlyList<DailySpendRow>> ListDailySpendAsync(DailySpendQuery query, CancellationToken ct = default);

    /// <summary>
    /// The daily rows of the levels the query names, ordered by day, then level id, then model, then key id (ordinal).
    /// </summary>
    Task<IReadOnlyList<DailySpendRow>> ListDailySpendReportAsync(DailySpendReportQuery query, CancellationToken ct = default);

    /// <summary>The sums of every daily row the query matches.</summary>
    Task<DailySpendTotals> SumDailySpendAsync(DailySpendReportQuery query, CancellationToken ct = default);

    /// <summary>
    /// One organization's spend log summed per UTC day and team (null: keys of no team) over a range of days,
    /// ordered by day, then team id (ordinal, no team first).
    /// </summary>
    Task<IReadOnlyList<DailyTeamSpendRow>> ListDailyTeamSpendAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>Reads the audit log, newest first, with the total that matched.</summary>
    Task<Page<AuditRecord>> ListAuditAsync(AuditQuery query, CancellationToken ct = default);
}

using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>
/// The real store, with a few seams for tests: it counts calls, can fail spend writes, and can hold the next
/// call of a kind at a gate (after the real read, so the held call carries what storage said at that moment).
/// </summary>
internal sealed partial class InstrumentedStore(IRouteroStore inner) : IRouteroStore, ISpendJournalStore
{
    private readonly Lock _lock = new();
    private readonly List<(int Records, int Counters)> _writes = [];
    private Gate? _nextWrite;
    private Gate? _nextFind;
    private Gate? _nextGet;
    private int _failWrites;
    private int _writeCalls;
    private int _findCalls;

    /// <summary>Spend writes attempted (failed ones included).</summary>
    public int WriteCalls => Volatile.Read(ref _writeCalls);

    /// <summary>Key-hash lookups that reached storage.</summary>
    public int FindCalls => Volatile.Read(ref _findCalls);

    /// <summary>Sizes of the spend writes that succeeded, in order.</summary>
    public IReadOnlyList<(int Records, int Counters)> Writes
    {
        get { lock (_lock) return [.. _writes]; }
    }

    /// <summary>The next <paramref name="count"/> spend writes throw.</summary>
    public void FailWrites(int count) => Volatile.Write(ref _failWrites, count);

    /// <summary>Holds the next spend write that is not failed on purpose, before it reaches storage.</summary>
    public Gate HoldNextWrite() => _nextWrite = new Gate();

    /// <summary>Holds the next key-hash lookup after storage answered it.</summary>
    public Gate HoldNextFind() => _nextFind = new Gate();

    /// <summary>Holds the next entity read after storage answered it.</summary>
    public Gate HoldNextGet() => _nextGet = new Gate();

    public Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, CancellationToken ct = default) =>
        WriteSpendAsync(records, counters, () => inner.WriteSpendAsync(records, counters, ct));

    /// <summary>The journal-marked write, with the same seams (the inner store must keep a journal mark).</summary>
    public Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, SpendJournalMark mark, CancellationToken ct = default) =>
        WriteSpendAsync(records, counters, () => ((ISpendJournalStore)inner).WriteSpendAsync(records, counters, mark, ct));

    public Task<SpendJournalMark?> GetSpendJournalMarkAsync(CancellationToken ct = default) => ((ISpendJournalStore)inner).GetSpendJournalMarkAsync(ct);

    private async Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, Func<Task> write)
    {
        Interlocked.Increment(ref _writeCalls);
        if (Interlocked.Decrement(ref _failWrites) >= 0) throw new InvalidOperationException("Injected spend write failure.");
        if (Interlocked.Exchange(ref _nextWrite, null) is { } gate) await gate.PassAsync();
        await write();
        lock (_lock) _writes.Add((records.Count, counters.Count));
    }

    public async Task<string?> FindKeyIdByHashAsync(string keyHash, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _findCalls);
        var id = await inner.FindKeyIdByHashAsync(keyHash, ct);
        if (Interlocked.Exchange(ref _nextFind, null) is { } gate) await gate.PassAsync();
        return id;
    }

    public async Task<StoredEntity?> GetAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        var entity = await inner.GetAsync(kind, id, ct);
        if (Interlocked.Exchange(ref _nextGet, null) is { } gate) await gate.PassAsync();
        return entity;
    }

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

    public Task<Page<StoredEntity>> ListAsync(EntityQuery query, CancellationToken ct = default) => inner.ListAsync(query, ct);

    public Task<CommitResult> CommitAsync(ChangeSet changes, CancellationToken ct = default) => inner.CommitAsync(changes, ct);

    public Task<IReadOnlyList<Membership>> ListMembersAsync(EntityKind scopeKind, string scopeId, CancellationToken ct = default) =>
        inner.ListMembersAsync(scopeKind, scopeId, ct);

    public Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken ct = default) =>
        inner.ListMembershipsOfUserAsync(userId, ct);

    public Task<BudgetCounter?> GetCounterAsync(EntityKind kind, string id, CancellationToken ct = default) => inner.GetCounterAsync(kind, id, ct);

    public Task<Page<SpendRecord>> ListSpendAsync(SpendQuery query, CancellationToken ct = default) => inner.ListSpendAsync(query, ct);

    public Task<long> SumSpendAsync(SpendQuery query, CancellationToken ct = default) => inner.SumSpendAsync(query, ct);

    public Task<IReadOnlyList<DailySpendRow>> ListDailySpendAsync(DailySpendQuery query, CancellationToken ct = default) =>
        inner.ListDailySpendAsync(query, ct);

    public Task<IReadOnlyList<DailySpendRow>> ListDailySpendReportAsync(DailySpendReportQuery query, CancellationToken ct = default) =>
        inner.ListDailySpendReportAsync(query, ct);

    public Task<DailySpendTotals> SumDailySpendAsync(DailySpendReportQuery query, CancellationToken ct = default) =>
        inner.SumDailySpendAsync(query, ct);

    public Task<IReadOnlyList<DailyTeamSpendRow>> ListDailyTeamSpendAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        inner.ListDailyTeamSpendAsync(organizationId, from, to, ct);

    public Task<Page<AuditRecord>> ListAuditAsync(AuditQuery query, CancellationToken ct = default) => inner.ListAuditAsync(query, ct);
}

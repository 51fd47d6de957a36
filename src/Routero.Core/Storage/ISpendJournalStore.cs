using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// A store whose spend batches also record how far the silo's spend journal has been written through: the mark (the
/// journal sequence number of the last entry a batch holds) is set in the same transaction as the batch, so after a
/// crash exactly the journal entries above it are missing from the store. The embedded store implements it.
/// </summary>
public interface ISpendJournalStore
{
    /// <summary>The journal the store was last written through, or null when none ever was.</summary>
    Task<SpendJournalMark?> GetSpendJournalMarkAsync(CancellationToken ct = default);

    /// <summary>
    /// <see cref="IRouteroStore.WriteSpendAsync"/>, and in the same transaction sets the journal mark to
    /// <paramref name="mark"/>.
    /// </summary>
    Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, SpendJournalMark mark,
        CancellationToken ct = default);
}

/// <summary>Which journal (<paramref name="JournalId"/>, named in its file's header) the store has written through which entry.</summary>
public readonly record struct SpendJournalMark(string JournalId, long Sequence);

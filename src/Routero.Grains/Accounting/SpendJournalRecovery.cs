using Microsoft.Extensions.Logging;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Accounting;

/// <summary>
/// Opens the spend journal at a silo's start: writes to the store whatever a killed silo journaled and never
/// committed (the entries above the store's mark, in order, in one batch), then starts an empty journal that
/// continues the sequence. Runs before the silo admits anything.
/// </summary>
public static partial class SpendJournalRecovery
{
    /// <summary>Recovers <paramref name="path"/> into <paramref name="store"/> and returns a new, empty journal of <paramref name="capacity"/> bytes.</summary>
    public static async Task<SpendJournal> OpenAsync(ISpendJournalStore store, string path, long capacity, ILogger logger,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        var mark = await store.GetSpendJournalMarkAsync(ct).ConfigureAwait(false);
        var contents = SpendJournal.Read(path);
        var last = mark?.Sequence ?? 0;
        (IReadOnlyList<SpendRecord>, IReadOnlyList<BudgetCounter>)? recovered = null;
        if (contents is not null && mark is { } m && contents.Id == m.JournalId)
        {
            var pending = contents.Entries.Where(e => e.Sequence > m.Sequence).ToList();
            if (pending.Count > 0)
            {
                var (records, counters) = Fold(pending);
                last = pending[^1].Sequence;
                var expected = last - m.Sequence;
                if (expected != pending.Count) LogGap(logger, pending.Count, expected, path);
                await store.WriteSpendAsync(records, counters, new SpendJournalMark(m.JournalId, last), ct).ConfigureAwait(false);
                LogRecovered(logger, records.Count, counters.Count, path);
                recovered = (records, counters);
            }
        }
        else if (contents is { Entries.Count: > 0 })
        {
            var aside = $"{path}.{DateTime.UtcNow:yyyyMMddHHmmss}.foreign";
            File.Move(path, aside);
            LogForeign(logger, path, contents.Id, mark?.JournalId ?? "none", aside);
        }
        var id = mark?.JournalId ?? Guid.NewGuid().ToString("N");
        var journal = SpendJournal.Create(path, id, capacity, last);
        journal.Recovered = recovered;
        try
        {
            // The store must know the journal before its first entry: a silo killed before its first commit leaves
            // entries that the next start would otherwise not recognise as the store's own.
            if (mark is null) await store.WriteSpendAsync([], [], new SpendJournalMark(id, last), ct).ConfigureAwait(false);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
        return journal;
    }

    // The records in order (the store ignores a request id it already has); each level's counters as of its last entry.
    private static (List<SpendRecord> Records, List<BudgetCounter> Counters) Fold(List<JournalEntry> entries)
    {
        var records = new List<SpendRecord>();
        var counters = new Dictionary<(EntityKind, string), BudgetCounter>();
        foreach (var entry in entries)
        {
            foreach (var c in entry.Counters) counters[(c.Kind, c.Id)] = c;
            if (entry.Record is { } r) records.Add(r);
        }
        return (records, counters.Values.ToList());
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Recovered {Records} spend records and {Counters} budget counters from the spend journal {Path}: the silo had stopped before committing them.")]
    private static partial void LogRecovered(ILogger logger, int records, int counters, string path);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error,
        Message = "The spend journal {Path} holds {Found} entries above the database's mark where {Expected} were expected; the whole ones were recovered.")]
    private static partial void LogGap(ILogger logger, int found, long expected, string path);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "The spend journal {Path} (journal {JournalId}) does not belong to this database (journal {DatabaseJournal}); it was moved to {Aside}, unread, and a new one started.")]
    private static partial void LogForeign(ILogger logger, string path, string journalId, string databaseJournal, string aside);
}

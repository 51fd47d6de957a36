using Routero.Accounting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Accounting;

public sealed class SpendJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);
    private const long SmallRing = 64 * 1024;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"routero-journal-test-{Guid.NewGuid():N}.journal");

    public void Dispose() => File.Delete(_path);

    private static SpendRecord Record(int i, string? customer = null) => new()
    {
        RequestId = $"req-{i:D6}",
        Timestamp = T0.AddMilliseconds(i),
        KeyId = "key-1",
        TeamId = "team-1",
        UserId = i % 2 == 0 ? null : "user-ü",
        OrganizationId = "org-1",
        CustomerId = customer,
        Model = "smart/balanced",
        Deployment = "fake-eu",
        CallType = "chat",
        PromptTokens = 100 + i,
        CompletionTokens = 20,
        SpendNanos = 3_000 + i,
        UsageEstimated = i % 3 == 0,
        Status = 200,
    };

    [Fact]
    public void Entries_ReadBack_AsWritten_InOrder_WithTheirCounters()
    {
        using (var journal = SpendJournal.Create(_path, "journal-a", SmallRing, lastSequence: 41))
        {
            journal.StageCounter(EntityKind.Key, "key-1", T0, 3_000, 9_000);
            journal.StageCounter(EntityKind.Team, "team-1", T0.AddDays(-3), 5_000, 12_000);
            Assert.True(journal.TryAppend(Record(1, customer: "cust-7")));
            Assert.True(journal.TryAppend(Record(2)));
            Assert.Equal(43, journal.Sequence);
        }

        var contents = SpendJournal.Read(_path)!;

        Assert.Equal("journal-a", contents.Id);
        Assert.Equal(SmallRing, contents.Capacity);
        Assert.Equal([42L, 43L], contents.Entries.Select(e => e.Sequence));
        Assert.Equal(Record(1, customer: "cust-7"), contents.Entries[0].Record);
        Assert.Equal(
            [new BudgetCounter(EntityKind.Key, "key-1", T0, 3_000, 9_000), new BudgetCounter(EntityKind.Team, "team-1", T0.AddDays(-3), 5_000, 12_000)],
            contents.Entries[0].Counters);
        Assert.Equal(Record(2), contents.Entries[1].Record);
        Assert.Empty(contents.Entries[1].Counters);
        Assert.Equal(0, contents.Skipped);
    }

    [Fact]
    public void AFullRing_RefusesAnEntry_UntilACommitReleasesSpace()
    {
        using var journal = SpendJournal.Create(_path, "journal-a", SmallRing, 0);
        var appended = 0;
        while (journal.TryAppend(Record(appended))) appended++;
        var sequence = journal.Sequence;

        // Refused entries leave nothing behind: no sequence number spent, no staged counter carried into the next entry.
        journal.StageCounter(EntityKind.Key, "key-1", T0, 1, 1);
        Assert.False(journal.TryAppend(Record(appended)));
        Assert.Equal(sequence, journal.Sequence);
        journal.Release(journal.Position);
        Assert.True(journal.TryAppend(Record(appended)));

        Assert.InRange(appended, 300, 600); // about 150 bytes an entry in a 64 KiB ring
        var last = SpendJournal.Read(_path)!.Entries.Single(e => e.Sequence == sequence + 1);
        Assert.Empty(last.Counters);
    }

    [Fact]
    public void AfterTheRingWraps_TheUncommittedEntries_AreAllFound_AcrossTheSeam()
    {
        using var journal = SpendJournal.Create(_path, "journal-a", SmallRing, 0);
        // Commit as a writer would: release each "batch" of ten after the next one is written, for four laps and more.
        var released = 0L;
        var batchEnd = 0L;
        long committedSequence = 0, batchSequence = 0;
        for (var i = 0; i < 2_000; i++)
        {
            journal.StageCounter(EntityKind.Key, "key-1", T0, i, i);
            Assert.True(journal.TryAppend(Record(i)), $"entry {i} refused with {journal.Pending} bytes pending");
            if (i % 10 == 9)
            {
                journal.Release(released = batchEnd);
                committedSequence = batchSequence;
                (batchEnd, batchSequence) = (journal.Position, journal.Sequence);
            }
        }
        journal.StageCounter(EntityKind.Key, "key-1", T0, 5, 5);
        Assert.True(journal.TryAppend(Record(2_000)));

        var contents = SpendJournal.Read(_path)!;
        var pending = contents.Entries.Where(e => e.Sequence > committedSequence).ToList();

        Assert.True(journal.Position > 3 * SmallRing, "the ring should have wrapped three times");
        Assert.True(released > 0);
        Assert.Equal(Enumerable.Range((int)committedSequence + 1, 2_001 - (int)committedSequence).Select(i => (long)i), pending.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range((int)committedSequence, pending.Count).Select(i => Record(i)), pending.Select(e => e.Record));
    }

    [Fact]
    public void ATornLastEntry_IsSkipped_AndTheWholeOnesAreKept()
    {
        long tornAt;
        using (var journal = SpendJournal.Create(_path, "journal-a", SmallRing, 0))
        {
            journal.TryAppend(Record(1));
            journal.TryAppend(Record(2));
            tornAt = journal.Position;
            journal.TryAppend(Record(3));
        }
        // The process died halfway through the third write: its second half never reached the file.
        using (var file = File.OpenWrite(_path))
        {
            file.Position = SpendJournal.HeaderBytes + tornAt + 100;
            file.Write(new byte[64]);
        }

        var contents = SpendJournal.Read(_path)!;

        Assert.Equal([Record(1), Record(2)], contents.Entries.Select(e => e.Record));
        Assert.Equal(1, contents.Skipped);
    }

    [Fact]
    public void AFileThatIsNoJournal_ReadsAsNone()
    {
        File.WriteAllBytes(_path, new byte[8192]);
        Assert.Null(SpendJournal.Read(_path));
        Assert.Null(SpendJournal.Read(_path + ".missing"));
    }

    [Fact]
    public void ARecordTooLargeForTheRing_IsRefused_NotTruncated()
    {
        using var journal = SpendJournal.Create(_path, "journal-a", SmallRing, 0);
        var huge = Record(1) with { Model = new string('m', 70_000) };

        Assert.False(journal.TryAppend(huge));
        Assert.True(journal.TryAppend(Record(2)));
        Assert.Equal([Record(2)], SpendJournal.Read(_path)!.Entries.Select(e => e.Record));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Routero.Accounting;
using Routero.Quota;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Accounting;

/// <summary>A spend writer with a sink (a cluster silo's): each batch's records, counters and debits go through it.</summary>
public sealed class SpendWriterSinkTests
{
    private sealed class RecordingSink : ISpendSink
    {
        public List<(int Records, int Counters, QuotaDebit[] Debits)> Batches { get; } = [];
        public int FailuresLeft { get; set; }

        public void Write(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, IReadOnlyList<QuotaDebit> debits)
        {
            if (FailuresLeft-- > 0) throw new InvalidOperationException("database away");
            lock (Batches) Batches.Add((records.Count, counters.Count, [.. debits]));
        }
    }

    private static SpendRecord Record(string id) => new()
    {
        RequestId = id, Timestamp = DateTimeOffset.UnixEpoch, KeyId = "key-1", Model = "m", CallType = "chat", Status = 200,
    };

    private static readonly QuotaBucket Bucket = new("team:t", QuotaDimension.Budget, 0);

    [Fact]
    public async Task Enqueue_WithASink_WritesRecordsCountersAndDebitsThroughIt()
    {
        var sink = new RecordingSink();
        await using var sut = new SpendWriter(null!, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance, sink: sink);

        sut.EnqueueDebit(new QuotaDebit(Bucket, 5));
        sut.EnqueueDebit(new QuotaDebit(Bucket, 7));
        sut.EnqueueCounter(new BudgetCounter(EntityKind.Team, "t", DateTimeOffset.UnixEpoch, 12, 12));
        await sut.Enqueue(Record("req-1"));

        // Debits and counters do not wake the writer: they go in the record's batch, summed per bucket.
        var batch = Assert.Single(sink.Batches);
        Assert.Equal(1, batch.Records);
        Assert.Equal(1, batch.Counters);
        Assert.Equal(new QuotaDebit(Bucket, 12), Assert.Single(batch.Debits));
    }

    [Fact]
    public async Task Enqueue_WhenTheSinkFailsOnce_RetriesTheWholeBatchAndThenCompletes()
    {
        var sink = new RecordingSink { FailuresLeft = 1 };
        await using var sut = new SpendWriter(null!, new SpendWriterOptions(), NullLogger<SpendWriter>.Instance, sink: sink);

        sut.EnqueueDebit(new QuotaDebit(Bucket, 3));
        await sut.Enqueue(Record("req-1"));

        Assert.Equal(3, sink.Batches.SelectMany(b => b.Debits).Sum(d => d.Amount));
        Assert.Equal(1, sut.RecordsWritten);
    }
}

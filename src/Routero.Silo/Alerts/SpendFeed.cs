using System.Threading.Channels;
using Routero.Accounting;
using Routero.Storage;

namespace Routero.Alerts;

/// <summary>
/// Hands durable spend batches from the spend writer to the alert evaluator through a bounded channel: one
/// non-blocking write on the writer's loop, nothing else. When the evaluator falls far behind, the oldest batches are
/// skipped rather than held: a level's next spend evaluates it again, with its spend as it is then.
/// </summary>
internal sealed class SpendFeed : ISpendObserver
{
    private readonly Channel<SpendBatch> _channel;
    private readonly bool _enabled;
    private long _skipped;

    /// <summary>Creates the feed (a no-op when alerts are off).</summary>
    public SpendFeed(AlertOptions options)
    {
        _enabled = options.Enabled;
        _channel = Channel.CreateBounded<SpendBatch>(
            new BoundedChannelOptions(options.FeedCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _skipped));
    }

    /// <summary>Where the evaluator reads.</summary>
    public ChannelReader<SpendBatch> Reader => _channel.Reader;

    /// <summary>Batches skipped so far because the evaluator was behind.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public void OnSpendDurable(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters)
    {
        if (_enabled && (records.Count > 0 || counters.Count > 0)) _channel.Writer.TryWrite(new SpendBatch(records, counters));
    }
}

/// <summary>One durable batch of the spend writer.</summary>
internal sealed record SpendBatch(IReadOnlyList<SpendRecord> Records, IReadOnlyList<BudgetCounter> Counters);

namespace Routero.Alerts;

/// <summary>What this silo's alerting did so far (for operators, benchmarks and tests). Thread-safe.</summary>
internal sealed class AlertStats
{
    private long _claimed;
    private long _deduplicated;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _evaluated;

    /// <summary>Alerts this silo claimed (and so sent).</summary>
    public long Claimed => Interlocked.Read(ref _claimed);

    /// <summary>Thresholds this silo saw reached whose alert another silo (or an earlier evaluation) had claimed.</summary>
    public long Deduplicated => Interlocked.Read(ref _deduplicated);

    /// <summary>Deliveries that a destination accepted.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries given up after their attempts, or refused for good.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Deliveries dropped because a queue was full or the silo stopped.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Levels evaluated.</summary>
    public long Evaluated => Interlocked.Read(ref _evaluated);

    internal void Claim() => Interlocked.Increment(ref _claimed);
    internal void Deduplicate() => Interlocked.Increment(ref _deduplicated);
    internal void Delivered() => Interlocked.Increment(ref _delivered);
    internal void Failed() => Interlocked.Increment(ref _failed);
    internal void Dropped() => Interlocked.Increment(ref _dropped);
    internal void Evaluate() => Interlocked.Increment(ref _evaluated);
}

namespace Routero.Accounting;

/// <summary>
/// The write times of the spend writer's latest batches, in a fixed ring: what a request waits for its batch
/// once it is dequeued. Written by the writer's loop only; read for statistics, where a sample torn by a
/// concurrent write is harmless.
/// </summary>
public sealed class BatchTimes
{
    private const int Size = 1024;
    private readonly long[] _ticks = new long[Size];
    private long _count;

    /// <summary>Records one batch's write time.</summary>
    public void Add(TimeSpan elapsed)
    {
        _ticks[_count % Size] = elapsed.Ticks;
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>The median of the latest (up to 1,024) batches' write times, or zero before the first batch.</summary>
    public TimeSpan Median()
    {
        var n = (int)Math.Min(Volatile.Read(ref _count), Size);
        if (n == 0) return TimeSpan.Zero;
        var copy = _ticks.AsSpan(0, n).ToArray();
        Array.Sort(copy);
        return TimeSpan.FromTicks(copy[n / 2]);
    }
}

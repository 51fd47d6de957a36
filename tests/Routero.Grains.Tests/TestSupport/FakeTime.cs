namespace Routero.Grains.Tests.TestSupport;

/// <summary>
/// A clock that moves only when told. Timestamps are UTC ticks, so elapsed times are exact; timers never fire
/// on their own (tests call idle collection themselves).
/// </summary>
internal sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _utcTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

namespace Routero.Silo.Tests.Infrastructure;

/// <summary>A clock the test moves by hand. Timers stay real (they only drive idle collection).</summary>
public sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks)) + (System.GetUtcNow() - _created);

    public override long GetTimestamp() => System.GetTimestamp() + Interlocked.Read(ref _offsetTicks) * System.TimestampFrequency / TimeSpan.TicksPerSecond;

    /// <summary>Jumps the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    private readonly DateTimeOffset _created = System.GetUtcNow();
}

namespace Routero.FakeProvider.Tests.TestSupport;

internal static class Bounded
{
    /// <summary>Upper bound for anything a test awaits, so a regression fails instead of hanging the run.</summary>
    public static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(20));
}

namespace Routero.FakeProvider.Tests.TestSupport;

internal static class Eventually
{
    /// <summary>
    /// Waits for a condition another thread makes true (e.g. the server has received a request).
    /// Bounded by <paramref name="cancellationToken"/>; polls, never asserts on elapsed time.
    /// </summary>
    public static async Task TrueAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}

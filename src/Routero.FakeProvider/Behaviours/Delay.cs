namespace Routero.FakeProvider.Behaviours;

internal static class Delay
{
    /// <summary>Waits; false when <paramref name="cancellationToken"/> fired first (the client left).</summary>
    public static async ValueTask<bool> TryWaitAsync(TimeProvider time, int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

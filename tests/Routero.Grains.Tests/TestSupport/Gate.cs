namespace Routero.Grains.Tests.TestSupport;

/// <summary>
/// Holds one call at a known point until the test opens it, and tells the test when the call has arrived,
/// so interleavings are forced rather than hoped for. Every wait is bounded.
/// </summary>
internal sealed class Gate
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held call has reached the gate.</summary>
    public Task Arrived => _arrived.Task.WaitAsync(Patience);

    /// <summary>Lets the held call go on.</summary>
    public void Open() => _opened.TrySetResult();

    /// <summary>Called by the held call: announces it and waits to be let through.</summary>
    public Task PassAsync()
    {
        _arrived.TrySetResult();
        return _opened.Task.WaitAsync(Patience);
    }
}

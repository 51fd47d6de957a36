using System.Runtime.InteropServices;

namespace Routero.FakeProvider.Hosting;

internal static class ShutdownSignal
{
    /// <summary>Completes on Ctrl+C (SIGINT) or SIGTERM, which then no longer kill the process outright.</summary>
    public static async Task WaitAsync()
    {
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            signalled.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await signalled.Task;
    }
}

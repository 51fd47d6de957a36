using System.IO.Pipelines;

namespace Routero.FakeProvider.Hosting;

internal static class RequestBody
{
    /// <summary>
    /// Buffers the whole body in the pipe without copying it. The caller must
    /// <see cref="PipeReader.AdvanceTo(SequencePosition)"/> past the returned buffer.
    /// </summary>
    public static async ValueTask<ReadResult> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            // Consume nothing, but say everything was examined, so the next read waits for more.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}

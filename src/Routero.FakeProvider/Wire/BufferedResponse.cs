namespace Routero.FakeProvider.Wire;

internal static class BufferedResponse
{
    /// <summary>
    /// Sends a body written whole into the (not yet flushed) response pipe. Declaring its length
    /// lets the body go out in one piece instead of chunked, as a real API's JSON answer does.
    /// </summary>
    public static ValueTask<System.IO.Pipelines.FlushResult> SendAsync(HttpContext context)
    {
        var output = context.Response.BodyWriter;
        if (output.CanGetUnflushedBytes && !context.Response.HasStarted)
        {
            context.Response.ContentLength = output.UnflushedBytes;
        }

        return output.FlushAsync(context.RequestAborted);
    }
}

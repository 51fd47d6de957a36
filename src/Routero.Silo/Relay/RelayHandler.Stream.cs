using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Routero.Streaming;

namespace Routero.Relay;

public sealed partial class RelayHandler
{
    private const int StreamBufferBytes = 16 * 1024;

    /// <summary>
    /// An SSE answer: every read from upstream is written and flushed to the client at once. The usage chunk
    /// is picked out on the way; before <c>data: [DONE]</c> goes out, the spend is settled and made durable.
    /// A client that leaves, or an upstream that breaks off, is charged for what was generated (estimated).
    /// </summary>
    private async Task StreamAsync(HttpContext context, RelayCall call, HttpResponseMessage response, CancellationToken ct)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var status = (int)response.StatusCode;
        context.Response.StatusCode = status;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["x-accel-buffering"] = "no";
        WriteQuotaHeaders(context.Response, call);
        var scanner = new SseRelayScanner();
        var settled = false;
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferBytes);
        try
        {
            await context.Response.StartAsync(ct);
            await using var upstreamBody = await response.Content.ReadAsStreamAsync(ct);
            int read;
            while ((read = await upstreamBody.ReadAsync(buffer, ct)) > 0)
            {
                var chunk = buffer.AsMemory(0, read);
                scanner.Scan(chunk.Span, out var doneAt);
                if (doneAt >= 0 && !settled)
                {
                    await context.Response.BodyWriter.WriteAsync(chunk[..doneAt], ct);
                    settled = true;
                    await SettleAsync(call, scanner.Usage, scanner.ContentEvents, status);
                    chunk = chunk[doneAt..];
                }
                await context.Response.BodyWriter.WriteAsync(chunk, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            LogStreamBroken(call.RequestId, context.RequestAborted.IsCancellationRequested ? "client disconnected" : "upstream broke off", scanner.ContentEvents);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // A stream that ended without [DONE] (upstream ignored the usage option, broke off, or the client left).
        if (!settled) await SettleAsync(call, scanner.Usage, scanner.ContentEvents, status);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Stream {RequestId} ended early ({Reason}) after {Events} events; charging estimated usage.")]
    private partial void LogStreamBroken(string requestId, string reason, int events);
}

using Routero.Errors;
using Routero.Streaming;

namespace Routero.Relay;

public sealed partial class RelayHandler
{
    private const long MaxUpstreamBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// A JSON answer: read whole (its usage is at the end), settle and make the spend record survive a kill of the
    /// silo (journaled, or committed), then answer.
    /// </summary>
    private async Task BufferedAsync(HttpContext context, RelayCall call, HttpResponseMessage response, CancellationToken ct)
    {
        using var buffer = new PooledBufferWriter((int)Math.Min(response.Content.Headers.ContentLength ?? 4096, MaxUpstreamBodyBytes));
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            if (!await buffer.ReadFromAsync(stream, MaxUpstreamBodyBytes, ct))
            {
                await new ApiError(502, "The upstream answer is larger than the gateway relays.", "api_error", "upstream_too_large").WriteAsync(context.Response);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            if (context.RequestAborted.IsCancellationRequested) return;
            await new ApiError(502, "The upstream connection failed while reading its answer.", "api_error", "upstream_error").WriteAsync(context.Response);
            return;
        }
        var status = (int)response.StatusCode;
        var cost = await SettleAsync(call, Usage.TryRead(buffer.WrittenSpan, out var usage) ? usage : null, 0, status);
        context.Response.StatusCode = status;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        context.Response.ContentLength = buffer.Length;
        context.Response.Headers["x-litellm-response-cost"] = new Money.Usd(cost).ToString();
        WriteQuotaHeaders(context.Response, call);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
    }
}

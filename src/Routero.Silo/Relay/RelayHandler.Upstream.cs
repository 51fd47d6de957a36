using System.Net;
using Routero.Errors;
using Routero.Requests;
using Routero.Routing;

namespace Routero.Relay;

public sealed partial class RelayHandler
{
    private const int MaxAttempts = 8;

    /// <summary>Tries the group's deployments in order until one answers; maps upstream failures to 502/504.</summary>
    private async Task RelayAsync(HttpContext context, RelayCall call, RequestBody body)
    {
        var order = new Deployment?[MaxAttempts];
        var planned = call.Group.PlanAttempts(call.Region, runtime.Time.GetTimestamp(), order);
        if (planned == 0)
        {
            await ApiError.Forbidden($"No deployment of '{call.Info.Model}' serves the region '{call.Region}' this customer is limited to.", "region_not_available", "model").WriteAsync(context.Response);
            return;
        }
        ApiError? lastError = null;
        for (var i = 0; i < planned; i++)
        {
            var deployment = order[i]!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(deployment.Provider.Timeout);
            using var rewritten = RewriteFor(call, deployment, body);
            HttpResponseMessage response;
            try
            {
                response = await upstream.PostAsync(deployment, call.Kind == RelayKind.Chat ? deployment.Provider.ChatCompletions : deployment.Provider.Embeddings,
                    rewritten?.WrittenMemory ?? body.Memory, timeout.Token);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client left before the upstream answered: nothing ran for it, nothing is charged
            }
            catch (OperationCanceledException)
            {
                LogUpstreamTimeout(deployment.Id, deployment.Provider.Timeout);
                await new ApiError(504, $"The upstream provider did not answer within {deployment.Provider.Timeout.TotalSeconds:0} s.", "api_error", "upstream_timeout").WriteAsync(context.Response);
                return;
            }
            catch (HttpRequestException e)
            {
                CoolDown(deployment);
                LogUpstreamUnreachable(deployment.Id, e.Message);
                lastError = new ApiError(502, "The upstream provider could not be reached.", "api_error", "upstream_unreachable");
                continue;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    call.Deployment = deployment;
                    if (call.Info.Stream) await StreamAsync(context, call, response, timeout.Token);
                    else await BufferedAsync(context, call, response, timeout.Token);
                    return;
                }
                var (error, retryable) = await MapUpstreamErrorAsync(response, deployment, timeout.Token);
                if (!retryable) { await error.WriteAsync(context.Response); return; }
                CoolDown(deployment);
                lastError = error;
            }
        }
        await lastError!.WriteAsync(context.Response);
    }

    private static PooledBufferWriter? RewriteFor(RelayCall call, Deployment deployment, RequestBody body)
    {
        var cap = call.CappedMaxTokens;
        var includeUsage = call.Info.Stream;
        if (RequestRewriter.IsUnchanged(call.Info, deployment.UpstreamModel, cap, includeUsage)) return null;
        var writer = new PooledBufferWriter(body.Length + 64);
        RequestRewriter.Rewrite(body.Span, call.Info, deployment.UpstreamModel, cap, includeUsage, writer);
        return writer;
    }

    private void CoolDown(Deployment deployment) =>
        deployment.CoolDown(runtime.Time.GetTimestamp() + (long)(runtime.Time.TimestampFrequency * CooldownSeconds));

    private const double CooldownSeconds = 5;

    /// <summary>
    /// Upstream errors: 429 and 5xx try the next deployment; the provider rejecting the gateway's own
    /// credentials is the operator's problem (502, and the provider's text is not passed on: it may quote
    /// part of the provider key); other 4xx are the client's and pass through.
    /// </summary>
    private async Task<(ApiError Error, bool Retryable)> MapUpstreamErrorAsync(HttpResponseMessage response, Deployment deployment, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        LogUpstreamStatus(deployment.Id, status);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return (new ApiError(502, "The upstream provider rejected the gateway's credentials. An operator must check the provider key.", "api_error", "upstream_auth_failed"), true);
        var message = await UpstreamMessageAsync(response, ct);
        if (status == 429)
            return (new ApiError(429, $"The upstream provider is rate limiting: {message}", "rate_limit_error", "upstream_rate_limited") { RetryAfterSeconds = 1 }, true);
        if (status >= 500)
            return (new ApiError(502, $"The upstream provider failed ({status}): {message}", "api_error", "upstream_error"), true);
        return (new ApiError(status, message, "invalid_request_error", "upstream_rejected"), false);
    }

    private static async Task<string> UpstreamMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            using var doc = System.Text.Json.JsonDocument.Parse(bytes);
            if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Object
                && e.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String)
                return m.GetString()!;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or HttpRequestException or OperationCanceledException)
        {
        }
        return $"HTTP {(int)response.StatusCode}";
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream {Deployment} did not answer within {Timeout}.")]
    private partial void LogUpstreamTimeout(string deployment, TimeSpan timeout);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Upstream {Deployment} unreachable: {Reason}. Cooling it down.")]
    private partial void LogUpstreamUnreachable(string deployment, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Upstream {Deployment} answered {Status}.")]
    private partial void LogUpstreamStatus(string deployment, int status);
}

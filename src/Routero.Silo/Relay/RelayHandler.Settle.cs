using System.Globalization;
using Routero.Storage;
using Routero.Streaming;

namespace Routero.Relay;

public sealed partial class RelayHandler
{
    /// <summary>
    /// Turns the request's holds into spend on every level and queues its spend record; completes when the
    /// record survives a kill of the silo (<see cref="Accounting.SpendWriter.Enqueue"/>). Usage the provider did not report is estimated (and marked so): the prompt at a
    /// quarter of its byte bound, the completion at one token per streamed event, never above what was granted.
    /// </summary>
    private async Task<long> SettleAsync(RelayCall call, Usage? reported, int streamedEvents, int status)
    {
        var usage = reported ?? new Usage(
            Math.Max(1, call.Info.PromptTokenBound / 4),
            Math.Min(streamedEvents, call.Ticket.GrantedOutputTokens));
        var cost = call.Deployment!.Price.Cost(usage.PromptTokens, usage.CompletionTokens);
        await call.Ticket.SettleAsync(cost, usage.TotalTokens);
        var policy = call.Policy;
        var record = new SpendRecord
        {
            RequestId = call.RequestId,
            Timestamp = runtime.Time.GetUtcNow(),
            KeyId = policy.Key.KeyId,
            TeamId = policy.Key.TeamId,
            UserId = policy.Key.UserId,
            OrganizationId = policy.OrganizationId,
            CustomerId = call.CustomerId,
            Model = call.Info.Model,
            Deployment = call.Deployment.Id,
            CallType = call.Kind == RelayKind.Chat ? "chat" : "embeddings",
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            SpendNanos = cost.Nanos,
            UsageEstimated = reported is null,
            Status = status,
        };
        await runtime.Spend.Enqueue(record);
        return cost.Nanos;
    }

    /// <summary>Tells the caller what the tightest level of its chain has left.</summary>
    private static void WriteQuotaHeaders(HttpResponse response, RelayCall call)
    {
        var ticket = call.Ticket;
        var headers = response.Headers;
        if (ticket.RemainingRequests is { } requests) headers["x-ratelimit-remaining-requests"] = requests.ToString(CultureInfo.InvariantCulture);
        if (ticket.RemainingTokens is { } tokens) headers["x-ratelimit-remaining-tokens"] = tokens.ToString(CultureInfo.InvariantCulture);
        if (ticket.RemainingBudget is { } budget) headers["x-routero-budget-remaining"] = Money.Usd.Max(budget, Money.Usd.Zero).ToString();
        headers["x-routero-deployment"] = call.Deployment!.Id;
    }
}

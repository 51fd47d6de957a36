using Routero.Admission;
using Routero.Auth;
using Routero.Configuration;
using Routero.Errors;
using Routero.Hosting;
using Routero.OpenAI;
using Routero.Requests;
using Routero.Tenancy;

namespace Routero.Relay;

/// <summary>
/// The hot path: authenticate, inspect, admit on every level, relay, settle. Expected refusals are values
/// turned into OpenAI-shaped errors; nothing is charged for a request that did not run.
/// </summary>
public sealed partial class RelayHandler(SiloRuntime runtime, UpstreamClient upstream, SiloOptions options, ILogger<RelayHandler> logger)
{
    /// <summary>Handles one chat-completions or embeddings call.</summary>
    public async Task HandleAsync(HttpContext context, RelayKind kind)
    {
        var requestId = RequestIds.New(runtime.Time);
        context.Response.Headers["x-request-id"] = requestId;
        // First: an activation of a level (here, of the key) waits for spend queued before it to commit.
        if (runtime.Spend.IsStalled) { await SpendUnavailable.WriteAsync(context.Response); return; }
        var (keyGrain, policy, authError) = await KeyAuthenticator.AuthenticateAsync(context, runtime);
        if (authError is not null) { await authError.WriteAsync(context.Response); return; }
        var (body, bodyError) = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (bodyError is not null) { await bodyError.WriteAsync(context.Response); return; }
        using (body)
        {
            var info = new ChatRequestInfo();
            var invalid = kind == RelayKind.Chat ? ChatRequestInspector.InspectChat(body!.Span, info) : ChatRequestInspector.InspectEmbeddings(body!.Span, info);
            if (invalid is not null) { await ApiError.BadRequest(invalid.Message, invalid.Param).WriteAsync(context.Response); return; }
            var group = runtime.Catalog.Find(info.Model);
            if (group is null)
            {
                await new ApiError(404, $"The model '{info.Model}' does not exist on this gateway.", "invalid_request_error", "model_not_found", "model").WriteAsync(context.Response);
                return;
            }
            if (!policy!.Models.Allows(info.Model) || keyGrain!.PinsExclude(info.Model))
            {
                await ApiError.Forbidden($"This key may not call the model '{info.Model}'.", "model_not_allowed", "model").WriteAsync(context.Response);
                return;
            }
            var call = new RelayCall(kind, requestId, policy, info, group);
            call.Estimate = new CostEstimate(info.PromptTokenBound,
                kind == RelayKind.Chat ? Math.Min(info.MaxTokens ?? group.ReservationPrice.MaxOutputTokens, group.ReservationPrice.MaxOutputTokens) : 0,
                group.ReservationPrice);
            var (outcome, levelError) = await AdmitAsync(call, keyGrain);
            if (levelError is not null) { await levelError.WriteAsync(context.Response); return; }
            if (!outcome.Admitted) { await Refused(outcome).WriteAsync(context.Response); return; }
            call.Ticket = outcome.Ticket!;
            try
            {
                await RelayAsync(context, call, body);
            }
            finally
            {
                // Whatever went wrong before settlement, the holds go back: an unsettled request costs nothing.
                await call.Ticket.ReleaseAsync();
            }
        }
    }

    /// <summary>
    /// Admits on the whole chain. A level deactivated between lookup and admission (idle collection racing
    /// this request) throws; the pipeline has released the other holds, and one retry finds fresh activations.
    /// </summary>
    private async ValueTask<(AdmissionOutcome Outcome, ApiError? Error)> AdmitAsync(RelayCall call, KeyGrain key)
    {
        var levels = new IAdmissionLevel[AdmissionTicket.MaxLevels];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var (count, error) = await ResolveLevelsAsync(call, key, levels);
                if (error is not null) return (default, error);
                return (await AdmissionPipeline.AdmitAsync(levels.AsMemory(0, count), call.Estimate, call.Info.Model), null);
            }
            catch (Hosting.GrainDeactivatedException) when (attempt == 0)
            {
                key = await runtime.Host.GetAsync<KeyGrain>(key.Id);
            }
        }
    }

    private async ValueTask<(int Count, ApiError? Error)> ResolveLevelsAsync(RelayCall call, KeyGrain key, IAdmissionLevel[] levels)
    {
        var count = 0;
        levels[count++] = key;
        if (key.PinFor(call.Info.Model) is { } pin) levels[count++] = pin;
        var policy = call.Policy;
        if (call.Info.User is { } customerId)
        {
            var customer = await runtime.Host.GetAsync<CustomerGrain>(CustomerGrain.ScopedId(policy.OrganizationId, customerId));
            await customer.EnsureExistsAsync(policy.Organization, customerId);
            if (customer.Record is { Blocked: true })
                return (0, ApiError.Forbidden($"The customer '{customerId}' is blocked.", "customer_blocked", "user"));
            call.CustomerId = customerId;
            call.Region = customer.Record?.AllowedModelRegion;
            levels[count++] = customer;
        }
        if (policy.User is not null) levels[count++] = await runtime.Host.GetAsync<UserGrain>(policy.User.UserId);
        if (policy.Team is not null) levels[count++] = await runtime.Host.GetAsync<TeamGrain>(policy.Team.TeamId);
        if (policy.Organization is not null) levels[count++] = await runtime.Host.GetAsync<OrganizationGrain>(policy.Organization.OrganizationId);
        return (count, null);
    }

    // Spend is not being committed (its store is down, or another process holds SQLite's write lock): a request admitted
    // now could be answered, and charged, without a durable record, so none is, before it reaches a provider.
    private static readonly ApiError SpendUnavailable = new(503,
        "The gateway cannot record spend right now (its database has not committed for several seconds); the request was not run and nothing was charged.",
        "api_error", "spend_unavailable") { RetryAfterSeconds = 5 };

    private static ApiError Refused(AdmissionOutcome outcome)
    {
        var who = $"{outcome.RefusedBy.Name()} '{outcome.RefusedId}'";
        var retry = (int)Math.Max(1, Math.Ceiling(outcome.RetryAfter.TotalSeconds));
        return outcome.Refusal switch
        {
            RefusalReason.BudgetExceeded => new ApiError(429, $"Budget exceeded for {who}: its remaining budget cannot pay for this request's prompt.", "budget_exceeded", "budget_exceeded") { NoRetry = true },
            RefusalReason.RequestRateLimited => new ApiError(429, $"Rate limit reached for {who}: requests per minute (rpm_limit) used up.", "rate_limit_error", "rate_limit_exceeded") { RetryAfterSeconds = retry },
            RefusalReason.TokenRateLimited => new ApiError(429, $"Rate limit reached for {who}: tokens per minute (tpm_limit) used up.", "rate_limit_error", "rate_limit_exceeded") { RetryAfterSeconds = retry },
            RefusalReason.ConcurrencyLimited => new ApiError(429, $"Too many parallel requests for {who} (max_parallel_requests).", "rate_limit_error", "max_parallel_requests_exceeded") { RetryAfterSeconds = 1 },
            _ => ApiError.Unauthorized($"The {who} is blocked or no longer exists.") with { Code = "blocked" },
        };
    }
}

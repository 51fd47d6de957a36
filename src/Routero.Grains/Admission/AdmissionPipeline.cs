using Routero.Money;

namespace Routero.Admission;

/// <summary>
/// Admits a request on every level of its chain at once, all or nothing: each level reserves in its own
/// turn; a refusal anywhere releases what the others took. When budgets differ in how many output tokens
/// they can pay for, every level's reservation is lowered to the smallest grant, so all hold the same amount.
/// </summary>
public static class AdmissionPipeline
{
    /// <summary>Runs admission over the levels, in order (key first, organization last).</summary>
    public static async ValueTask<AdmissionOutcome> AdmitAsync(ReadOnlyMemory<IAdmissionLevel> levels, CostEstimate estimate, string model)
    {
        var ticket = new AdmissionTicket();
        try
        {
            return await AdmitAllAsync(ticket, levels, estimate, model).ConfigureAwait(false);
        }
        catch
        {
            // A level that throws (e.g. deactivated under us) must not strand what the others hold.
            await ticket.ReleaseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<AdmissionOutcome> AdmitAllAsync(AdmissionTicket ticket, ReadOnlyMemory<IAdmissionLevel> levels, CostEstimate estimate, string model)
    {
        var granted = estimate.MaxOutputTokens;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels.Span[i];
            var answer = await level.TryAdmitAsync(estimate, model, granted).ConfigureAwait(false);
            if (answer.Refusal != RefusalReason.None)
            {
                await ticket.ReleaseAsync().ConfigureAwait(false);
                return new AdmissionOutcome(null, answer.Refusal, level.Kind, level.Id, answer.RetryAfter);
            }
            ticket.Add(level, answer.Hold);
            granted = Math.Min(granted, answer.GrantedOutputTokens);
            ticket.RemainingBudget = Tightest(ticket.RemainingBudget, answer.RemainingBudget);
            ticket.RemainingRequests = Tightest(ticket.RemainingRequests, answer.RemainingRequests);
            ticket.RemainingTokens = Tightest(ticket.RemainingTokens, answer.RemainingTokens);
        }
        var amount = new Usd(estimate.PromptCost.Nanos + estimate.Price.OutputNanosPerToken * granted);
        for (var i = 0; i < ticket.Count; i++)
        {
            var hold = ticket.Hold(i);
            if (hold.Budget != amount) ticket.SetHold(i, await ticket.Level(i).ShrinkAsync(hold, amount).ConfigureAwait(false));
        }
        ticket.GrantedOutputTokens = granted;
        return new AdmissionOutcome(ticket, RefusalReason.None, default, "", TimeSpan.Zero);
    }

    private static Usd? Tightest(Usd? a, Usd? b) => a is null ? b : b is null ? a : Usd.Min(a.Value, b.Value);
    private static int? Tightest(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    private static long? Tightest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}

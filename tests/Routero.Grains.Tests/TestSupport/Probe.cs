using Routero.Admission;
using Routero.Pricing;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>
/// Reads a level's state through its admission interface only: a probe that costs exactly one nanodollar is
/// admitted and released at once, and its answer tells the budget left (what is reserved and spent included).
/// </summary>
internal static class Probe
{
    private static readonly CostEstimate OneNanodollar = new(PromptTokens: 1, MaxOutputTokens: 0, new ModelPrice(1, 0, 1));

    /// <summary>The budget a level has left, in nanodollars; null when it has no budget, 0 when nothing is left.</summary>
    public static async Task<long?> RemainingBudgetAsync(IAdmissionLevel level)
    {
        var answer = await level.TryAdmitAsync(OneNanodollar, "probe", 0);
        if (answer.Refusal == RefusalReason.BudgetExceeded) return 0;
        Assert.Equal(RefusalReason.None, answer.Refusal);
        await level.ReleaseAsync(answer.Hold);
        return answer.RemainingBudget is { } left ? left.Nanos + 1 : null;
    }

    /// <summary>How many more requests a single level admits before it refuses (each admitted one is held). Bounded.</summary>
    public static async Task<int> AdmitUntilRefusedAsync(IAdmissionLevel level, CostEstimate estimate, int atMost = 100)
    {
        for (var admitted = 0; admitted < atMost; admitted++)
        {
            var answer = await level.TryAdmitAsync(estimate, "probe", estimate.MaxOutputTokens);
            if (answer.Refusal != RefusalReason.None) return admitted;
        }
        return atMost;
    }
}

using Routero.Money;
using Routero.Pricing;

namespace Routero.Admission;

/// <summary>
/// What admission needs to know about a request before it runs: an upper bound of its prompt tokens,
/// the output tokens it asks for, and the model's price.
/// </summary>
public readonly record struct CostEstimate(int PromptTokens, int MaxOutputTokens, ModelPrice Price)
{
    /// <summary>The prompt's cost at the estimated token count.</summary>
    public Usd PromptCost => Price.Cost(PromptTokens, 0);

    /// <summary>Tokens a rate window reserves for this request.</summary>
    public long RateTokens => PromptTokens;
}

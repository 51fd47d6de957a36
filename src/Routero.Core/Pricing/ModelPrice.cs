using Routero.Money;

namespace Routero.Pricing;

/// <summary>
/// What one model costs per token, in whole nanodollars, and how much it may write.
/// Prices are configured per million tokens; a price per million with at most three decimals
/// (0.001 USD per million tokens) is exactly one nanodollar per token, so costs stay exact.
/// </summary>
public sealed record ModelPrice(long InputNanosPerToken, long OutputNanosPerToken, int MaxOutputTokens)
{
    /// <summary>A model that costs nothing (e.g. the fake provider, unless configured).</summary>
    public static readonly ModelPrice Free = new(0, 0, 4096);

    /// <summary>Builds a price from the per-million-token figures of a price sheet.</summary>
    /// <exception cref="ArgumentException">A price is negative or finer than 0.001 USD per million tokens.</exception>
    public static ModelPrice FromPerMillion(decimal inputPerMillion, decimal outputPerMillion, int maxOutputTokens)
    {
        if (maxOutputTokens <= 0)
            throw new ArgumentException("max_output_tokens must be positive.", nameof(maxOutputTokens));
        return new(ToNanosPerToken(inputPerMillion, "input_cost_per_million"),
                   ToNanosPerToken(outputPerMillion, "output_cost_per_million"),
                   maxOutputTokens);
    }

    /// <summary>Cost of the given token counts.</summary>
    public Usd Cost(long promptTokens, long completionTokens) =>
        new(checked(promptTokens * InputNanosPerToken + completionTokens * OutputNanosPerToken));

    private static long ToNanosPerToken(decimal perMillion, string field)
    {
        if (perMillion < 0)
            throw new ArgumentException($"{field} must not be negative.", field);
        var nanos = perMillion * 1000m; // USD per million tokens -> nanodollars per token
        if (nanos != decimal.Truncate(nanos))
            throw new ArgumentException($"{field} may have at most 3 decimal places (0.001 USD per million tokens).", field);
        return (long)nanos;
    }
}

using Routero.Money;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>The thresholds a level alerts at, given its limits and its organization's shares.</summary>
public static class BudgetThresholds
{
    /// <summary>
    /// The thresholds of the budget window, lowest amount first: each share of <c>max_budget</c>, and <c>soft_budget</c>
    /// itself. Zero limits have none (a zero budget refuses every request; a zero soft budget would alert on nothing).
    /// </summary>
    public static IReadOnlyList<BudgetThreshold> OfWindow(Limits limits, IReadOnlyList<decimal> shares)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(shares);
        var thresholds = new List<BudgetThreshold>(shares.Count + 1);
        if (limits.MaxBudgetUsd is { Nanos: > 0 } max)
            thresholds.AddRange(shares.Select(share => BudgetThreshold.Of(BudgetLimit.MaxBudget, share, max)));
        if (limits.SoftBudget is { } soft && Usd.FromDollars(soft) is { Nanos: > 0 } softAmount)
            thresholds.Add(BudgetThreshold.Of(BudgetLimit.SoftBudget, 1m, softAmount));
        return Ordered(thresholds);
    }

    /// <summary>The thresholds of a key's lifetime credit: each share of <c>credit_limit_usd</c>, lowest first.</summary>
    public static IReadOnlyList<BudgetThreshold> OfCredit(Usd? creditLimit, IReadOnlyList<decimal> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        return creditLimit is { Nanos: > 0 } credit
            ? Ordered(shares.Select(share => BudgetThreshold.Of(BudgetLimit.CreditLimit, share, credit)))
            : [];
    }

    // Alerts of one level go out lowest first, so a receiver reads 80 % before 100 % even when one request crossed both.
    private static BudgetThreshold[] Ordered(IEnumerable<BudgetThreshold> thresholds) =>
        [.. thresholds.OrderBy(t => t.Amount.Nanos).ThenBy(t => t.Limit)];
}

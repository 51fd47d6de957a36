using System.Globalization;
using Routero.Money;

namespace Routero.Alerts;

/// <summary>Which of a level's limits a threshold is a share of.</summary>
public enum BudgetLimit
{
    /// <summary><c>max_budget</c>, per budget window.</summary>
    MaxBudget,
    /// <summary><c>soft_budget</c>, per budget window (alerts only, never enforced).</summary>
    SoftBudget,
    /// <summary><c>credit_limit_usd</c> of a key, over its lifetime.</summary>
    CreditLimit,
}

/// <summary>
/// One point at which a level alerts: <see cref="Share"/> of a limit, as the exact amount of spend that reaches it
/// (rounded up to the nanodollar, so "spend ≥ amount" is exactly "spend ≥ share × limit").
/// </summary>
public readonly record struct BudgetThreshold(BudgetLimit Limit, decimal Share, Usd LimitAmount, Usd Amount)
{
    /// <summary>The threshold of <paramref name="share"/> of <paramref name="limitAmount"/>.</summary>
    public static BudgetThreshold Of(BudgetLimit limit, decimal share, Usd limitAmount) =>
        new(limit, share, limitAmount, new Usd((long)Math.Ceiling(share * limitAmount.Nanos)));

    /// <summary>The limit's name as the admin API writes it.</summary>
    public string LimitName => Limit switch
    {
        BudgetLimit.MaxBudget => "max_budget",
        BudgetLimit.SoftBudget => "soft_budget",
        _ => "credit_limit_usd",
    };

    /// <summary>
    /// Names the threshold in a window's alert claims: the limit, the share and the limit's amount, so that a changed
    /// limit (or share) alerts afresh in the same window, while an unchanged one alerts once.
    /// </summary>
    public string Key => $"{LimitName}:{Share.ToString("0.############################", CultureInfo.InvariantCulture)}:{LimitAmount.Nanos}";

    /// <summary>True once <paramref name="spend"/> has reached the threshold.</summary>
    public bool IsReachedBy(Usd spend) => spend >= Amount;

    /// <summary>True for the threshold at the whole of <c>max_budget</c>: the budget is used up.</summary>
    public bool ExhaustsBudget => Limit != BudgetLimit.SoftBudget && Share >= 1m;
}

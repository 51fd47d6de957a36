using Routero.Budgets;
using Routero.Money;

namespace Routero.Tenancy;

/// <summary>
/// The limits every level can carry. Null means "no limit at this level". Money is in dollars here, as the
/// admin API writes it; the runtime converts to exact <see cref="Usd"/>.
/// </summary>
public sealed record Limits
{
    /// <summary>No limits.</summary>
    public static readonly Limits None = new();

    /// <summary><c>max_budget</c>: dollars per budget window (or ever, without a duration).</summary>
    public decimal? MaxBudget { get; init; }

    /// <summary><c>soft_budget</c>: the alerting threshold, never enforced.</summary>
    public decimal? SoftBudget { get; init; }

    /// <summary><c>budget_duration</c>: how often the budget resets (<c>30d</c>, <c>1mo</c>).</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>When budget windows are counted from (creation, or the last change of the duration).</summary>
    public DateTimeOffset BudgetAnchor { get; init; }

    /// <summary><c>rpm_limit</c>: requests per minute.</summary>
    public int? RpmLimit { get; init; }

    /// <summary><c>tpm_limit</c>: tokens per minute.</summary>
    public long? TpmLimit { get; init; }

    /// <summary><c>max_parallel_requests</c>: requests in flight at once.</summary>
    public int? MaxParallelRequests { get; init; }

    /// <summary>The window limit as exact money.</summary>
    public Usd? MaxBudgetUsd => MaxBudget is { } b ? Usd.FromDollars(b) : null;

    /// <summary>The parsed duration (validated when written).</summary>
    public BudgetDuration? Duration => Budgets.BudgetDuration.TryParse(BudgetDuration, out var d) ? d : null;
}

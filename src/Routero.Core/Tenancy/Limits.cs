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

    private readonly decimal? _maxBudget;
    private readonly Usd? _maxBudgetUsd;
    private readonly string? _budgetDuration;
    private readonly BudgetDuration? _duration;

    /// <summary><c>max_budget</c>: dollars per budget window (or ever, without a duration).</summary>
    public decimal? MaxBudget
    {
        get => _maxBudget;
        // Converted once here: a cluster grain reads the exact amount several times per request. An amount beyond
        // what nanodollars hold is left to MaxBudgetUsd, which throws as it always did, when it is used.
        init => (_maxBudget, _maxBudgetUsd) = (value, value is { } b && Math.Abs(b) < MaxConvertible ? Usd.FromDollars(b) : null);
    }

    /// <summary><c>soft_budget</c>: the alerting threshold, never enforced.</summary>
    public decimal? SoftBudget { get; init; }

    /// <summary><c>budget_duration</c>: how often the budget resets (<c>30d</c>, <c>1mo</c>).</summary>
    public string? BudgetDuration
    {
        get => _budgetDuration;
        // Parsed once here (a with-expression that changes the text parses again), not per request.
        init => (_budgetDuration, _duration) = (value, Budgets.BudgetDuration.TryParse(value, out var d) ? d : null);
    }

    /// <summary>When budget windows are counted from (creation, or the last change of the duration).</summary>
    public DateTimeOffset BudgetAnchor { get; init; }

    /// <summary><c>rpm_limit</c>: requests per minute.</summary>
    public int? RpmLimit { get; init; }

    /// <summary><c>tpm_limit</c>: tokens per minute.</summary>
    public long? TpmLimit { get; init; }

    /// <summary><c>max_parallel_requests</c>: requests in flight at once.</summary>
    public int? MaxParallelRequests { get; init; }

    /// <summary>The window limit as exact money.</summary>
    public Usd? MaxBudgetUsd => _maxBudgetUsd ?? (MaxBudget is { } b ? Usd.FromDollars(b) : null);

    private const decimal MaxConvertible = 9_000_000_000m;

    /// <summary>The parsed duration (validated when written).</summary>
    public BudgetDuration? Duration => _duration;
}

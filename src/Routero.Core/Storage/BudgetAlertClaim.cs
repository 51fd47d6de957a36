using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// The one-per-window record of a budget alert: whoever inserts it sends the alert, so silos sharing a store
/// alert once between them. Keyed by <see cref="LevelKind"/>, <see cref="LevelId"/>, <see cref="WindowStart"/> and
/// <see cref="Threshold"/>; the other fields are for operators and pruning.
/// </summary>
public sealed record BudgetAlertClaim
{
    /// <summary>The level's kind.</summary>
    public required EntityKind LevelKind { get; init; }
    /// <summary>The level's id (customers: <c>"{organization}|{customer}"</c>, as their grains and counters).</summary>
    public required string LevelId { get; init; }
    /// <summary>Start of the budget window the alert belongs to (<c>default</c> for lifetime limits).</summary>
    public required DateTimeOffset WindowStart { get; init; }
    /// <summary>Which threshold, e.g. <c>max_budget:0.8:50000000000</c> (limit kind, share, limit in nanodollars).</summary>
    public required string Threshold { get; init; }
    /// <summary>End of the window; null for a window that never ends. Claims are pruned after it.</summary>
    public DateTimeOffset? WindowEnd { get; init; }
    /// <summary>The organization alerted.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>When the claim was made.</summary>
    public DateTimeOffset ClaimedAt { get; init; }
    /// <summary>Which silo made it.</summary>
    public string? ClaimedBy { get; init; }
}

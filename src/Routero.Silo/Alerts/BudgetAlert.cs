using System.Security.Cryptography;
using System.Text;
using Routero.Money;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>One alert: a level reached a threshold in a window, with the exact spend that reached it.</summary>
internal sealed record BudgetAlert
{
    /// <summary>Stable per level, window and threshold: a receiver can drop a retried delivery it already has.</summary>
    public required string AlertId { get; init; }
    /// <summary>The level.</summary>
    public required LevelView Level { get; init; }
    /// <summary>The organization alerted.</summary>
    public required string OrganizationId { get; init; }
    /// <summary>Its alias.</summary>
    public string? OrganizationAlias { get; init; }
    /// <summary>The threshold reached.</summary>
    public required BudgetThreshold Threshold { get; init; }
    /// <summary>The level's spend in the window when it was seen to reach the threshold (exact).</summary>
    public required Usd Spend { get; init; }
    /// <summary>The window.</summary>
    public required AlertWindow Window { get; init; }
    /// <summary>When the alert was raised.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The event, in LiteLLM's names where it has one.</summary>
    public string Event => Threshold.Limit == BudgetLimit.SoftBudget ? "soft_budget_crossed"
        : Threshold.ExhaustsBudget ? "budget_crossed"
        : "threshold_crossed";

    /// <summary>The claim that makes this alert one per level, window and threshold.</summary>
    public BudgetAlertClaim Claim(string? silo) => new()
    {
        LevelKind = Level.Kind,
        LevelId = Level.Id,
        WindowStart = Window.Start,
        WindowEnd = Window.End,
        Threshold = Threshold.Key,
        OrganizationId = OrganizationId,
        ClaimedAt = CreatedAt,
        ClaimedBy = silo,
    };

    /// <summary>The alert id of a level, window and threshold.</summary>
    public static string IdOf(EntityKind kind, string id, AlertWindow window, BudgetThreshold threshold)
    {
        var key = $"{(int)kind}|{id}|{window.Start.UtcTicks}|{threshold.Key}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }
}

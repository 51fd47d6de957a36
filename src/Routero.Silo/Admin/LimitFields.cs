using Routero.Access;
using System.Text.Json.Nodes;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// The limit fields every level carries (<c>max_budget</c>, <c>soft_budget</c>, <c>budget_duration</c>,
/// <c>rpm_limit</c>, <c>tpm_limit</c>, <c>max_parallel_requests</c>), read and written in one place for all five kinds.
/// </summary>
internal static class LimitFields
{
    /// <summary>The field names.</summary>
    public static readonly string[] Names = ["max_budget", "soft_budget", "budget_duration", "rpm_limit", "tpm_limit", "max_parallel_requests"];

    /// <summary>
    /// Applies the limit fields present in <paramref name="r"/> to <paramref name="current"/> (absent: unchanged, null: unset).
    /// Budget windows are anchored at creation and re-anchored when the duration changes.
    /// </summary>
    public static Limits Apply(FieldReader r, Limits current, DateTimeOffset now, bool creating)
    {
        var limits = current with
        {
            MaxBudget = r.Pick("max_budget", r.Money, current.MaxBudget),
            SoftBudget = r.Pick("soft_budget", r.Money, current.SoftBudget),
            BudgetDuration = r.Pick("budget_duration", r.Duration, current.BudgetDuration),
            RpmLimit = r.Pick("rpm_limit", r.PositiveInt, current.RpmLimit),
            TpmLimit = r.Pick("tpm_limit", r.PositiveLong, current.TpmLimit),
            MaxParallelRequests = r.Pick("max_parallel_requests", r.PositiveInt, current.MaxParallelRequests),
        };
        return creating || limits.BudgetDuration != current.BudgetDuration ? limits with { BudgetAnchor = now } : limits;
    }

    /// <summary>Writes the limit fields flat into a LiteLLM-shaped row, nulls included.</summary>
    public static void Write(JsonObject row, Limits limits)
    {
        row["max_budget"] = limits.MaxBudget;
        row["soft_budget"] = limits.SoftBudget;
        row["budget_duration"] = limits.BudgetDuration;
        row["rpm_limit"] = limits.RpmLimit;
        row["tpm_limit"] = limits.TpmLimit;
        row["max_parallel_requests"] = limits.MaxParallelRequests;
    }
}

/// <summary>The fields every level shares beyond limits: <c>models</c>, <c>metadata</c>, <c>blocked</c>.</summary>
internal static class EntityFields
{
    /// <summary>The shared field names (without <c>blocked</c>, which not every route takes).</summary>
    public static readonly string[] Names = [.. LimitFields.Names, "models", "metadata"];

    /// <summary>Applies the shared fields present in <paramref name="r"/> and stamps the change.</summary>
    public static T Apply<T>(FieldReader r, T record, DateTimeOffset now, bool creating) where T : EntityRecord =>
        (T)(record with
        {
            Models = r.Pick("models", r.Strings, record.Models) ?? [],
            Metadata = r.Pick("metadata", r.Element, record.Metadata),
            Blocked = r.Pick("blocked", r.Bool, record.Blocked) ?? false,
            Limits = LimitFields.Apply(r, record.Limits, now, creating),
            CreatedAt = creating ? now : record.CreatedAt,
            CreatedBy = creating ? AdminAccess.CurrentCallerName : record.CreatedBy,
            UpdatedAt = now,
        });
}

using System.Collections.Frozen;
using Routero.Admin;
using Routero.Tenancy;

namespace Routero.Access;

/// <summary>
/// Updates that change nothing but budgets: finance may make them, and team admins may make them downwards only.
/// </summary>
internal static class BudgetChanges
{
    /// <summary>The fields that are budgets (and nothing else).</summary>
    public static readonly FrozenSet<string> Fields = FrozenSet.ToFrozenSet(["max_budget", "soft_budget", "budget_duration", "credit_limit_usd"], StringComparer.Ordinal);

    /// <summary>
    /// Narrows the route's permission to <see cref="AdminPermission.BudgetSet"/> when the body names only the object
    /// (<paramref name="idFields"/>) and budget fields.
    /// </summary>
    public static void NarrowIfBudgetOnly(FieldReader r, params string[] idFields)
    {
        if (AdminAccess.Current is not { } access) return;
        var budgetOnly = r.Fields.Select(f => f.Key).All(name => Fields.Contains(name) || idFields.Contains(name, StringComparer.Ordinal))
            && r.Fields.Any(f => Fields.Contains(f.Key));
        if (budgetOnly) access.Permission = AdminPermission.BudgetSet;
    }

    /// <summary>Refuses the budget changes between <paramref name="before"/> and <paramref name="after"/> that the caller may not make.</summary>
    public static void Check(ResourceScope scope, Limits before, Limits after, decimal? creditBefore = null, decimal? creditAfter = null)
    {
        if (AdminAccess.Current is not { } access || access.IsUnrestricted(AdminPermission.BudgetSet)) return;
        if (after.MaxBudget != before.MaxBudget) access.RequireBudgetChange(scope, before.MaxBudget, after.MaxBudget, "max_budget");
        if (after.SoftBudget != before.SoftBudget) access.RequireBudgetChange(scope, before.SoftBudget, after.SoftBudget, "soft_budget");
        if (creditAfter != creditBefore) access.RequireBudgetChange(scope, creditBefore, creditAfter, "credit_limit_usd");
        // A new window length resets the window's spend: that can raise what may be spent, so lower-only callers may not.
        if (after.BudgetDuration != before.BudgetDuration) access.RequireBudgetChange(scope, 1, null, "budget_duration");
    }
}

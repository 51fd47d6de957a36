using Routero.Errors;

namespace Routero.Access;

public sealed partial class AdminAccess
{
    /// <summary>
    /// Refuses a budget change the caller may not make. Admins and finance set budgets freely; a team admin may lower
    /// the team's budget (a smaller limit, or a limit where there was none) but never raise or remove it.
    /// </summary>
    public void RequireBudgetChange(ResourceScope scope, decimal? current, decimal? next, string param)
    {
        var self = Caller.UserId ?? "";
        var grants = Caller.Grants.Where(g => g.Role.Allows(AdminPermission.BudgetSet, Route) && g.Reaches(scope, self)).ToList();
        if (grants.Any(g => !g.Role.LowerBudgetOnly)) return;
        if (grants.Count == 0) throw Denied(AdminPermission.BudgetSet);
        if (!IsLowering(current, next))
            throw new ApiException(ApiError.Forbidden($"{param}: a team admin may lower the team's budget, not raise or remove it.", "permission_denied", param));
    }

    /// <summary>Null means no limit: setting one is lowering, removing one is raising.</summary>
    private static bool IsLowering(decimal? current, decimal? next) => next is { } n && (current is not { } c || n <= c);
}

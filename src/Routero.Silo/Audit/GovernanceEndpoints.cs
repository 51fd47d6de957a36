using Routero.Reports;

namespace Routero.Audit;

/// <summary>The governance routes: the audit log and the spend reports.</summary>
internal static class GovernanceEndpoints
{
    /// <summary>Maps the audit and report routes.</summary>
    public static void MapGovernanceEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapAuditEndpoints();
        admin.MapSpendReportEndpoints();
    }
}

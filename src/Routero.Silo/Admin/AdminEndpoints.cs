using Routero.Access;
using Routero.Audit;
using Routero.Alerts;
using Routero.Scim;

namespace Routero.Admin;

/// <summary>Maps the admin facade (LiteLLM-compatible paths and fields).</summary>
public static class AdminEndpoints
{
    /// <summary>Maps every admin route, each behind the admin authorization check and the error mapping.</summary>
    public static void MapRouteroAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("")
            .AddEndpointFilter<AdminRequestIds>()
            .AddEndpointFilter<AdminErrors>()
            .AddEndpointFilter<AdminAccessFilter>()
            .WithMetadata(AdminRouteMarker.Instance);
        admin.MapOrganizationEndpoints();
        admin.MapTeamEndpoints();
        admin.MapUserEndpoints();
        admin.MapKeyEndpoints();
        admin.MapCustomerEndpoints();
        admin.MapClusterEndpoints();
        admin.MapGovernanceEndpoints();
        admin.MapConfigEndpoints();
        admin.MapScimTokenEndpoints();
    }
}

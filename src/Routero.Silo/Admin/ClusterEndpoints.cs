using Routero.Access;
using Routero.Hosting;
using Routero.Clustering;

namespace Routero.Admin;

/// <summary><c>GET /cluster/silos</c>: the silos of the cluster (an embedded silo lists itself).</summary>
internal static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder admin) =>
        admin.MapGet("/cluster/silos", async (HttpContext http, SiloBackend backend, CancellationToken ct) =>
        {
            var membership = http.RequestServices.GetService<SiloMembership>();
            if (membership is null)
                return Results.Json(new { mode = "embedded", silos = new[] { new { name = Environment.MachineName, status = "active" } } });
            var silos = await membership.ListAsync(ct);
            return Results.Json(new
            {
                mode = "cluster",
                self = backend.Identity!.SiloId,
                silos = silos.Select(s => new
                {
                    silo_id = s.SiloId, name = s.Name, address = s.Address, status = s.Status,
                    started_at = s.StartedAt, heartbeat_at = s.HeartbeatAt,
                }),
            });
        }).Requires(AdminPermission.ClusterRead);
}

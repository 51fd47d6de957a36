using Routero.Tenancy;

namespace Routero.Hosting;

/// <summary>
/// Probes for orchestrators: <c>/health/live</c> (the process answers) and <c>/health/ready</c> (storage answers,
/// spend commits, configuration loaded, not draining). A draining silo reports not ready, so load balancers stop sending to it
/// while it finishes what it has.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps the probes (no authentication: they reveal nothing).</summary>
    public static void MapRouteroHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", async (SiloRuntime runtime, IHostApplicationLifetime lifetime, CancellationToken ct) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                return Results.Json(new { status = "draining" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            if (runtime.Spend.IsStalled)
                return Results.Json(new { status = "spend not committing" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await runtime.Store.GetAsync(EntityKind.Organization, "__readiness_probe__", timeout.Token);
                return Results.Json(new { status = "ready", models = runtime.Catalog.All.Count() });
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Results.Json(new { status = "storage unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}

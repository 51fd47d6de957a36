namespace Routero.Access;

/// <summary>Endpoint metadata: the permission an admin route needs.</summary>
/// <param name="Permission">The permission.</param>
public sealed record RequiresPermission(AdminPermission Permission)
{
    /// <summary>
    /// The route also serves callers who may only set budgets (an update whose body changes nothing but budget
    /// fields); the handler narrows <see cref="AdminAccess.Permission"/> to <see cref="AdminPermission.BudgetSet"/> then.
    /// </summary>
    public bool OrBudgetOnly { get; init; }
}

/// <summary>Endpoint metadata: the route belongs to the admin facade, so it must declare a permission.</summary>
public sealed class AdminRouteMarker
{
    /// <summary>The one instance.</summary>
    public static readonly AdminRouteMarker Instance = new();
}

/// <summary>Declaring what a route needs.</summary>
public static class AccessEndpointExtensions
{
    /// <summary>Declares the permission the route needs; the admin access filter checks it before the handler runs.</summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, AdminPermission permission, bool orBudgetOnly = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermission(permission) { OrBudgetOnly = orBudgetOnly });

    /// <summary>
    /// Fails start-up when an admin route declares no permission: a route nobody thought about must not be open to
    /// every authenticated caller.
    /// </summary>
    public static void VerifyAdminRoutesDeclarePermissions(this IEndpointRouteBuilder app)
    {
        var admin = app.DataSources.SelectMany(d => d.Endpoints).Where(e => e.Metadata.GetMetadata<AdminRouteMarker>() is not null).ToList();
        var missing = admin.Where(e => e.Metadata.GetMetadata<RequiresPermission>() is null).Select(e => e.DisplayName).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"Admin routes without a declared permission: {string.Join(", ", missing)}.");
        AdminRouteCatalog.Set(admin.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").Where(p => p.Length > 0));
    }
}

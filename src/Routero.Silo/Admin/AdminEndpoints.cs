namespace Routero.Admin;

/// <summary>Maps the admin facade (LiteLLM-compatible paths and fields).</summary>
public static class AdminEndpoints
{
    /// <summary>Maps every admin route.</summary>
    public static void MapRouteroAdmin(this IEndpointRouteBuilder app)
    {
    }
}

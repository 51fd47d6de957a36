namespace Routero.Audit;

/// <summary>Action names from admin route patterns: <c>/key/generate</c> is <c>key.generate</c>, <c>/key/{key}/regenerate</c> is <c>key.regenerate</c>.</summary>
internal static class AuditActions
{
    /// <summary>The action a route stands for, or null without a route.</summary>
    public static string? FromRoute(string? route)
    {
        if (string.IsNullOrEmpty(route)) return null;
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('{'));
        var action = string.Join('.', segments);
        return action.Length > 0 ? action : null;
    }
}

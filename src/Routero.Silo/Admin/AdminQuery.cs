using System.Globalization;
using Routero.Errors;

namespace Routero.Admin;

/// <summary>Typed, validating reads of an admin request's query string; failures are 400s naming the parameter.</summary>
internal static class AdminQuery
{
    /// <summary>A parameter's value, or null when absent or empty.</summary>
    public static string? String(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;

    /// <summary>A parameter that must be present.</summary>
    public static string Required(HttpContext http, string name) =>
        String(http, name) ?? throw new ApiException(ApiError.BadRequest($"{name}: is required", name));

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], or the default when absent.</summary>
    public static int Int(HttpContext http, string name, int fallback, int min, int max)
    {
        if (String(http, name) is not { } text) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ApiException(ApiError.BadRequest($"{name}: must be a whole number from {min} to {max}", name));
    }

    /// <summary>A boolean (<c>true</c>/<c>false</c>), or false when absent.</summary>
    public static bool Bool(HttpContext http, string name) => String(http, name) switch
    {
        null => false,
        var s when bool.TryParse(s, out var b) => b,
        _ => throw new ApiException(ApiError.BadRequest($"{name}: must be true or false", name)),
    };
}

using Routero.Errors;

namespace Routero.Reports;

/// <summary>
/// Id filters as LiteLLM's reports take them: a comma-separated list (<c>team_ids=a,b</c>, also repeated), or one id
/// under the singular name (<c>team_id=a</c>). Giving both names is ambiguous and refused.
/// </summary>
internal static class ReportIds
{
    private const int MaxIds = 100, MaxIdLength = 256;

    /// <summary>The ids and the parameter they came from; null ids when neither is given.</summary>
    public static (IReadOnlyList<string>? Ids, string Param) Read(HttpContext http, string plural, string singular)
    {
        var (many, one) = (Values(http, plural), Values(http, singular));
        if (many.Count > 0 && one.Count > 0) throw Bad(singular, $"give either {plural} or {singular}, not both");
        if (one.Count > 1) throw Bad(singular, $"names one id; use {plural} for several");
        var (values, param) = many.Count > 0 ? (many, plural) : (one, singular);
        if (values.Count == 0) return (null, plural);
        var ids = values.SelectMany(v => v!.Split(',')).Select(id => id.Trim()).ToList();
        if (ids.Any(id => id.Length is 0 or > MaxIdLength)) throw Bad(param, $"every id must be 1 to {MaxIdLength} characters");
        if (ids.Count > MaxIds) throw Bad(param, $"names at most {MaxIds} ids");
        return ([.. ids.Distinct(StringComparer.Ordinal)], param);
    }

    private static List<string?> Values(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrEmpty(v))] : [];

    private static ApiException Bad(string name, string message) => new(ApiError.BadRequest($"{name}: {message}", name));
}

/// <summary>The organization a report acts in, as the customer routes name it: <c>X-Organization-Id</c>, else <c>organization_id</c>.</summary>
internal static class ReportOrganization
{
    /// <summary>The organization (null when neither names one) and the name of what named it, for errors.</summary>
    public static (string? Id, string Param) Active(HttpContext http)
    {
        var id = Admin.AdminIds.ActiveOrganization(http, Admin.AdminQuery.String(http, "organization_id"));
        var param = http.Request.Headers[Admin.AdminIds.OrganizationHeader].ToString().Length > 0 ? Admin.AdminIds.OrganizationHeader : "organization_id";
        return (id, param);
    }
}

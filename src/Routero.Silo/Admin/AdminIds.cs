using System.Text.RegularExpressions;
using Routero.Errors;

namespace Routero.Admin;

/// <summary>
/// Ids of organizations, teams and users: client-given ones are checked (no <c>|</c>, which scopes customer
/// ids by organization), missing ones are generated.
/// </summary>
internal static partial class AdminIds
{
    /// <summary>The header that names the organization a request acts in.</summary>
    public const string OrganizationHeader = "X-Organization-Id";

    /// <summary>A new id.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>The id in a field, checked; null when absent or null.</summary>
    public static string? Read(FieldReader r, string name) =>
        r.String(name) is not { } id ? null : IsValid(id) ? id : throw r.Bad(name, IdRule);

    /// <summary>The id in a field, or a new one.</summary>
    public static string ReadOrNew(FieldReader r, string name) => Read(r, name) ?? New();

    /// <summary>The id in a field that must be present.</summary>
    public static string Required(FieldReader r, string name) => Read(r, name) ?? throw r.Bad(name, "is required");

    /// <summary>The ids in an array field that must be present and not empty.</summary>
    public static IReadOnlyList<string> RequiredList(FieldReader r, string name) =>
        r.Strings(name) is { Count: > 0 } ids ? ids : throw r.Bad(name, "must be a non-empty array of ids");

    /// <summary>
    /// The organization a request acts in: the <c>X-Organization-Id</c> header, else <paramref name="bodyOrganizationId"/>,
    /// else the caller's default organization (the master key has none).
    /// </summary>
    public static string? ActiveOrganization(HttpContext http, string? bodyOrganizationId)
    {
        var header = http.Request.Headers[OrganizationHeader].ToString();
        if (header.Length == 0) return bodyOrganizationId;
        return IsValid(header) ? header : throw new ApiException(ApiError.BadRequest($"{OrganizationHeader}: {IdRule}", OrganizationHeader));
    }

    private const string IdRule = "must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -";

    private static bool IsValid(string id) => Pattern().IsMatch(id);

    /// <summary>Whether <paramref name="id"/> is a well-formed id.</summary>
    public static bool IsValidId(string id) => IsValid(id);

    [GeneratedRegex("^[A-Za-z0-9._:@-]{1,128}$")]
    private static partial Regex Pattern();
}

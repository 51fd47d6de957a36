using Routero.Admin;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim;

/// <summary>
/// One SCIM request: the organization its token belongs to, where its resources live (for <c>meta.location</c>), and
/// the organization's teams, read at most once per request.
/// </summary>
internal sealed class ScimContext(SiloRuntime runtime, string organizationId, string baseUrl, ILogger log)
{
    /// <summary>The transition of a user whose access the provider gave back.</summary>
    public const string Reprovisioned = "reprovisioned";

    private Dictionary<string, Loaded<TeamRecord>>? _teams;

    /// <summary>The silo's runtime.</summary>
    public SiloRuntime Runtime { get; } = runtime;

    /// <summary>The token's organization: every resource this request sees or changes belongs to it.</summary>
    public string OrganizationId { get; } = organizationId;

    /// <summary>The absolute base URL of the SCIM API (<c>https://host/scim/v2</c>).</summary>
    public string BaseUrl { get; } = baseUrl;

    /// <summary>The resource's absolute URL.</summary>
    public string Location(string endpoint, string id) => $"{BaseUrl}/{endpoint}/{Uri.EscapeDataString(id)}";

    /// <summary>The organization's teams by id, including those SCIM deleted (read once per request).</summary>
    public async Task<IReadOnlyDictionary<string, Loaded<TeamRecord>>> TeamsAsync()
    {
        if (_teams is not null) return _teams;
        var teams = await AdminStore.ListAllAsync<TeamRecord>(Runtime, new EntityQuery(EntityKind.Team) { OrganizationId = OrganizationId });
        return _teams = teams.ToDictionary(t => t.Record.TeamId, StringComparer.Ordinal);
    }

    /// <summary>Forgets the teams read, so that a commit attempt reads them afresh.</summary>
    public void Invalidate() => _teams = null;

    /// <summary>Logs a committed change of a user's access (<c>null</c>: none).</summary>
    public void Report(string userId, string? transition)
    {
        if (transition == Reprovisioned) ScimLog.Reprovisioned(log, OrganizationId, userId);
        else if (transition is not null) ScimLog.Deprovisioned(log, OrganizationId, userId, transition);
    }

    /// <summary>The base URL of the SCIM API as the client reached this silo.</summary>
    public static string BaseUrlOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{ScimEndpoints.Prefix}";

    /// <summary>The context the access filter set for this request.</summary>
    public static ScimContext Of(HttpContext http) =>
        http.Items[typeof(ScimContext)] as ScimContext ?? throw new InvalidOperationException("No SCIM context: the route is not behind the SCIM access filter.");
}

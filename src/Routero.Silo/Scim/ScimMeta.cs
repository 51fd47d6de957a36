using System.Globalization;
using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>The <c>meta</c> attribute of a resource (RFC 7643 §3.1). No <c>version</c>: Routero does not serve ETags.</summary>
internal static class ScimMeta
{
    /// <summary>The meta of a resource of <paramref name="resourceType"/> served under <paramref name="endpoint"/>.</summary>
    public static JsonObject Of(ScimContext scim, string resourceType, string endpoint, string id, DateTimeOffset created, DateTimeOffset modified) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = Time(created),
        ["lastModified"] = Time(modified),
        ["location"] = scim.Location(endpoint, id),
    };

    /// <summary>An xsd:dateTime in UTC.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

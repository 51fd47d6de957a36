using System.Text.Json.Nodes;

namespace Routero.Scim;

/// <summary>
/// A SCIM error (RFC 7644 §3.12): its status, its <c>scimType</c> where the RFC defines one, and a detail that names
/// the attribute at fault. Thrown on the SCIM facade only (never the relay's hot path).
/// </summary>
internal sealed class ScimException(int status, string detail, string? scimType = null) : Exception(detail)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The RFC's error keyword (<c>invalidFilter</c>, <c>uniqueness</c>...), or null.</summary>
    public string? ScimType { get; } = scimType;

    /// <summary>The error body: <c>status</c> is a string, as RFC 7644 writes it.</summary>
    public JsonObject Body()
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.Error), ["status"] = Status.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (ScimType is not null) body["scimType"] = ScimType;
        body["detail"] = Message;
        return body;
    }

    /// <summary>400 <c>invalidValue</c>: a value of the wrong type, or out of range.</summary>
    public static ScimException InvalidValue(string detail) => new(400, detail, "invalidValue");

    /// <summary>400 <c>invalidSyntax</c>: a body that is not the resource or message it should be.</summary>
    public static ScimException InvalidSyntax(string detail) => new(400, detail, "invalidSyntax");

    /// <summary>400 <c>invalidFilter</c>: a filter that does not parse, or that Routero does not support.</summary>
    public static ScimException InvalidFilter(string detail) => new(400, detail, "invalidFilter");

    /// <summary>400 <c>invalidPath</c>: a PATCH path that does not parse or names no supported attribute.</summary>
    public static ScimException InvalidPath(string detail) => new(400, detail, "invalidPath");

    /// <summary>400 <c>noTarget</c>: a PATCH operation that needs a path and has none.</summary>
    public static ScimException NoTarget(string detail) => new(400, detail, "noTarget");

    /// <summary>400 <c>mutability</c>: a change of something that cannot change.</summary>
    public static ScimException Mutability(string detail) => new(400, detail, "mutability");

    /// <summary>409 <c>uniqueness</c>: a value another resource already has.</summary>
    public static ScimException Uniqueness(string detail) => new(409, detail, "uniqueness");

    /// <summary>404: no such resource (also for another organization's resources).</summary>
    public static ScimException NotFound(string detail) => new(404, detail);

    /// <summary>401: no token, or not the organization's current one.</summary>
    public static ScimException Unauthorized(string detail) => new(401, detail);
}

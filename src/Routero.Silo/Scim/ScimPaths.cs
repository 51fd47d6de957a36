using System.Text.RegularExpressions;

namespace Routero.Scim;

/// <summary>
/// A PATCH operation's <c>path</c> (RFC 7644 §3.5.2): an attribute, optionally narrowed to the values a filter
/// matches, optionally one sub-attribute: <c>active</c>, <c>name.givenName</c>, <c>emails[type eq "work"].value</c>,
/// <c>members[value eq "id"]</c>. A path into a schema extension (<c>urn:...:enterprise:2.0:User:department</c>)
/// is <see cref="IsExtension"/>: Routero stores no extension attribute.
/// </summary>
internal sealed record ScimPath(string Attribute, IReadOnlyList<ScimClause>? Filter, string? SubAttribute, bool IsExtension)
{
    /// <summary>The path as the client wrote it.</summary>
    public required string Text { get; init; }

    /// <summary>Whether the path names <paramref name="attribute"/> (case-insensitively).</summary>
    public bool Is(string attribute) => Attribute.Equals(attribute, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Parsing attribute paths.</summary>
internal static partial class ScimPaths
{
    private static readonly string[] CoreUrns = [ScimSchemas.User, ScimSchemas.Group];

    /// <summary>The path without a leading core schema URN (<c>urn:...:core:2.0:User:userName</c> → <c>userName</c>).</summary>
    public static string WithoutCoreUrn(string path)
    {
        foreach (var urn in CoreUrns)
            if (path.Length > urn.Length && path.StartsWith(urn, StringComparison.OrdinalIgnoreCase) && path[urn.Length] == ':')
                return path[(urn.Length + 1)..];
        return path;
    }

    /// <summary>Parses a PATCH path; failures are 400 <c>invalidPath</c>.</summary>
    public static ScimPath Parse(string text)
    {
        var path = WithoutCoreUrn(text.Trim());
        if (path.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)) return new ScimPath(path, null, null, IsExtension: true) { Text = text };
        var match = PathPattern().Match(path);
        if (!match.Success) throw ScimException.InvalidPath($"'{text}' is not an attribute path.");
        var filter = match.Groups["filter"].Success ? ScimFilter.Parse(match.Groups["filter"].Value, ScimException.InvalidPath) : null;
        var sub = match.Groups["sub"].Success ? match.Groups["sub"].Value : null;
        return new ScimPath(match.Groups["attr"].Value, filter, sub, IsExtension: false) { Text = text };
    }

    // attr, then an optional [filter] (whose strings may hold ']' and escaped quotes), then an optional .sub
    [GeneratedRegex("""^(?<attr>[A-Za-z][A-Za-z0-9_$-]*)(\[(?<filter>(?:[^\]"]|"(?:[^"\\]|\\.)*")*)\])?(\.(?<sub>[A-Za-z][A-Za-z0-9_$-]*))?$""")]
    private static partial Regex PathPattern();
}

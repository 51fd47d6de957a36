using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Admin;
using Routero.Storage;

namespace Routero.Audit;

/// <summary>
/// The before and after values of an audit record: an object's fields as the admin API names them (the stored
/// record, its limits flat as in the API's rows), narrowed to the fields that changed, secrets redacted.
/// </summary>
internal static class AuditValues
{
    private static readonly JsonSerializerOptions Written = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields of a stored object, limits flattened as the admin API's rows have them.</summary>
    public static JsonObject FieldsOf(StoredEntity row)
    {
        var fields = JsonNode.Parse(row.Json) as JsonObject ?? [];
        if (fields["limits"] is JsonObject limits)
        {
            // Only the limit fields the API has: the stored form also holds derived values and the budget anchor.
            fields.Remove("limits");
            foreach (var name in LimitFields.Names)
                if (limits[name] is { } value)
                {
                    limits.Remove(name);
                    fields[name] = value;
                }
        }
        return fields;
    }

    /// <summary>
    /// Before and after as stored text: each the whole object when the other side is absent (a creation or a
    /// deletion), else only the fields whose values differ (a field one side lacks reads as null there). Values
    /// are compared before redaction, so a rotated hash shows as a changed, redacted field.
    /// </summary>
    public static (string? Before, string? After) Diff(JsonObject? before, JsonObject? after)
    {
        if (before is null || after is null) return (Text(before), Text(after));
        var (b, a) = (new JsonObject(), new JsonObject());
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var (old, now) = (before[name], after[name]);
            if (JsonNode.DeepEquals(old, now)) continue;
            b[name] = old?.DeepClone();
            a[name] = now?.DeepClone();
        }
        return (Text(b), Text(a));
    }

    private static string? Text(JsonObject? fields) => fields is null ? null : AuditRedaction.Redact(fields.DeepClone())!.ToJsonString(Written);
}

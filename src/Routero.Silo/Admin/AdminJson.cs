using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>LiteLLM-shaped answers: snake_case rows with the limit fields flat, as LiteLLM's tables have them.</summary>
internal static class AdminJson
{
    // The stored form's naming, minus the HTML-safe escaping of '+' and the like, which only makes
    // timestamps harder to read for the scripts that consume these answers (served as application/json).
    private static readonly JsonSerializerOptions AnswerJson = new(GrainContext.RecordJson) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A 200 answer with a JSON body.</summary>
    public static IResult Ok(JsonNode body) => Results.Content(body.ToJsonString(AnswerJson), "application/json");

    /// <summary>The row of any record: its fields, limits flattened, <c>metadata</c> as an object.</summary>
    public static JsonObject Row(EntityRecord record)
    {
        var row = JsonSerializer.SerializeToNode(record, record.GetType(), AnswerJson)!.AsObject();
        row.Remove("limits");
        row.Remove("scim_token_hash"); // a credential's hash is nobody's business once stored
        LimitFields.Write(row, record.Limits);
        row["metadata"] ??= new JsonObject();
        return row;
    }

    /// <summary>
    /// A key's row. Holds the hash (<c>token</c>) and the masked key (<c>key_name</c>), never the key itself,
    /// which storage does not have. <c>expires</c> is LiteLLM's name for the expiry.
    /// </summary>
    public static JsonObject KeyRow(KeyRecord key)
    {
        var row = Row(key);
        row.Remove("expires_at");
        row["expires"] = key.ExpiresAt;
        return row;
    }

    /// <summary>An array of rows.</summary>
    public static JsonArray Array(IEnumerable<JsonNode> rows) => new([.. rows]);

    /// <summary>A team membership as LiteLLM's <c>members_with_roles</c> lists it.</summary>
    public static JsonObject TeamMember(Membership m, UserRecord? user) => new()
    {
        ["role"] = m.Role,
        ["user_id"] = m.UserId,
        ["user_email"] = user?.UserEmail,
    };

    /// <summary>An organization membership as LiteLLM's <c>members</c> lists it.</summary>
    public static JsonObject OrganizationMember(Membership m, UserRecord? user) => new()
    {
        ["user_id"] = m.UserId,
        ["organization_id"] = m.ScopeId,
        ["user_role"] = m.Role,
        ["team_id"] = m.TeamId,
        ["user_email"] = user?.UserEmail,
    };

    /// <summary>Pages as <c>ceil(total / size)</c>, LiteLLM's count (0 when nothing matched).</summary>
    public static long TotalPages(long total, int size) => (total + size - 1) / size;
}

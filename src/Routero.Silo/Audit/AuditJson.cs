using System.Text.Json.Nodes;
using Routero.Storage;

namespace Routero.Audit;

/// <summary>An audit record as the API answers it, with LiteLLM's field names where LiteLLM has the field.</summary>
internal static class AuditJson
{
    /// <summary>The record's row.</summary>
    public static JsonObject Row(AuditRecord a) => new()
    {
        ["id"] = a.Id,
        ["updated_at"] = a.Timestamp,
        ["changed_by"] = a.Actor,
        ["changed_by_key_id"] = a.ActorKeyId,
        ["organization_id"] = a.OrganizationId,
        ["action"] = a.Action,
        ["operation"] = a.Operation,
        ["table_name"] = AuditTargets.TableOf(a.TargetType),
        ["target_type"] = a.TargetType,
        ["object_id"] = a.TargetId,
        ["before_value"] = a.Before is null ? null : JsonNode.Parse(a.Before),
        ["updated_values"] = a.After is null ? null : JsonNode.Parse(a.After),
        ["request_id"] = a.RequestId,
    };
}

using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Storage;

namespace Routero.Audit;

internal static partial class AuditTrail
{
    /// <summary>
    /// The record of a change of an organization's setting (<c>/config/update</c>), written with the setting in one
    /// transaction. Fields are compared as stored and written as shown (secrets masked), so a webhook replaced by one
    /// with the same masked form still reads as changed.
    /// </summary>
    public static AuditRecord ForSetting(string organizationId, string name, (JsonObject Stored, JsonObject Shown)? before,
        (JsonObject Stored, JsonObject Shown) after, DateTimeOffset now)
    {
        var access = AdminAccess.Current;
        JsonObject? b = null, a = after.Shown;
        if (before is { } old)
        {
            (b, a) = (new JsonObject(), new JsonObject());
            foreach (var field in old.Stored.Select(p => p.Key).Union(after.Stored.Select(p => p.Key)))
            {
                if (JsonNode.DeepEquals(old.Stored[field], after.Stored[field])) continue;
                b[field] = old.Shown[field]?.DeepClone();
                a[field] = after.Shown[field]?.DeepClone();
            }
        }
        return new AuditRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Timestamp = now,
            Actor = AdminAccess.CurrentCallerName,
            ActorKeyId = access?.Caller.KeyId,
            OrganizationId = organizationId,
            Action = AuditActions.FromRoute(access?.Route) ?? "config.update",
            Operation = before is null ? "create" : "update",
            TargetType = AuditTargets.OrganizationSetting,
            TargetId = $"{organizationId}/{name}",
            Before = b is null ? null : AuditRedaction.Redact(b)!.ToJsonString(),
            After = AuditRedaction.Redact(a)!.ToJsonString(),
            RequestId = AdminRequestIds.Current ?? Relay.RequestIds.New(now),
        };
    }
}

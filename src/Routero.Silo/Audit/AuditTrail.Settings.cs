using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Storage;

namespace Routero.Audit;

internal static partial class AuditTrail
{
    /// <summary>
    /// The record of a change of an organization's setting (<c>/config/update</c>), written with the setting in one
    /// transaction. Fields are compared as stored and shown as <paramref name="shown"/> makes them (secrets masked), so
    /// a webhook replaced by one with the same masked form still reads as changed.
    /// </summary>
    public static AuditRecord ForSetting(string organizationId, string name, JsonObject? before, JsonObject after, DateTimeOffset now,
        Func<JsonObject, JsonObject> shown)
    {
        var access = AdminAccess.Current;
        var (shownBefore, shownAfter) = (before is null ? null : shown(before), shown(after));
        JsonObject? b = null, a = shownAfter;
        if (before is not null)
        {
            (b, a) = (new JsonObject(), new JsonObject());
            foreach (var field in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
            {
                if (JsonNode.DeepEquals(before[field], after[field])) continue;
                b[field] = shownBefore![field]?.DeepClone();
                a[field] = shownAfter[field]?.DeepClone();
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

using System.Text.Json.Nodes;
using Routero.Keys;

namespace Routero.Audit;

/// <summary>
/// Keeps secrets out of audit values. Fields whose name says they hold a secret (<c>token</c>, <c>key</c>,
/// anything with <c>hash</c>, <c>secret</c> or <c>password</c> in it, <c>*_token</c>) keep their name, so a reader sees
/// that one changed, but their value becomes <see cref="Mark"/>; so does any string anywhere (metadata included)
/// that looks like a key or a hash: a 64-hex-digit digest or an unmasked <c>sk-</c> key.
/// </summary>
internal static class AuditRedaction
{
    /// <summary>What a secret reads as.</summary>
    public const string Mark = "[redacted]";

    private static readonly string[] SecretNames = ["token", "key", "api_key", "token_id", "access_token", "refresh_token", "bearer"];
    private static readonly string[] SecretParts = ["hash", "secret", "password", "credential"];

    /// <summary>Redacts <paramref name="node"/> in place and returns it.</summary>
    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (IsSecretName(name) && o[name] is not null) o[name] = Mark;
                    else if (Redact(o[name]) is var redacted && !ReferenceEquals(redacted, o[name])) o[name] = redacted;
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (Redact(a[i]) is var redacted && !ReferenceEquals(redacted, a[i])) a[i] = redacted;
                return a;
            case JsonValue v when v.TryGetValue<string>(out var s) && LooksSecret(s):
                return JsonValue.Create(Mark);
            default:
                return node;
        }
    }

    /// <summary>Whether a field's name says it holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return SecretNames.Contains(lower) || lower.EndsWith("_token", StringComparison.Ordinal)
            || SecretParts.Any(part => lower.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>A key hash (64 hex digits) or a key itself (<c>sk-</c> and more than its masked form shows).</summary>
    public static bool LooksSecret(string value) =>
        KeyHash.TryParseHex(value.ToLowerInvariant(), out _)
        || (value.StartsWith(VirtualKeys.Prefix, StringComparison.Ordinal) && value.Length > 11 && !value.Contains("...", StringComparison.Ordinal));
}

using Routero.Access;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Routero.Budgets;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>The fields of a virtual key beyond ownership: its own settings, expiry and per-model limits.</summary>
internal static class KeyFields
{
    /// <summary>The settings a key's generate, update and regenerate accept.</summary>
    public static readonly string[] Settings =
    [
        .. EntityFields.Names, "blocked", "key_alias", "duration", "expired_time", "credit_limit_usd", "environment", "allow_ips",
        "model_limits_enabled", .. ModelLimitFields.Names,
    ];

    /// <summary>Applies the settings present in <paramref name="r"/> (absent: unchanged).</summary>
    public static KeyRecord Apply(FieldReader r, KeyRecord key, DateTimeOffset now, bool creating) =>
        EntityFields.Apply(r, key, now, creating) with
        {
            KeyAlias = r.Pick("key_alias", r.String, key.KeyAlias),
            CreditLimitUsd = r.Pick("credit_limit_usd", r.Money, key.CreditLimitUsd),
            Environment = r.Pick("environment", r.String, key.Environment),
            AllowIps = r.Has("allow_ips") ? AllowIps(r) : key.AllowIps,
            ModelLimitsEnabled = r.Pick("model_limits_enabled", r.Bool, key.ModelLimitsEnabled) ?? false,
            ModelLimits = ModelLimitFields.Apply(r, key.ModelLimits),
            ExpiresAt = Expiry(r, key.ExpiresAt, now),
        };

    /// <summary>
    /// <c>duration</c> (now + duration; null or "-1": never) or <c>expired_time</c> (-1: never, or an ISO instant).
    /// </summary>
    public static DateTimeOffset? Expiry(FieldReader r, DateTimeOffset? current, DateTimeOffset now)
    {
        if (r.Has("duration") && r.Has("expired_time")) throw r.Bad("expired_time", "give either duration or expired_time, not both");
        if (r.Has("duration"))
            return r.String("duration") is null or "-1" ? null : BudgetDuration.Parse(r.Duration("duration")!).AddTo(now);
        return r.Has("expired_time") ? ExpiredTime(r) : current;
    }

    private static DateTimeOffset? ExpiredTime(FieldReader r)
    {
        var node = r.Node("expired_time");
        if (node is null) return null;
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var n) && n == -1) return null;
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text == "-1") return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw r.Bad("expired_time", "must be -1 (never) or an ISO-8601 timestamp");
    }

    private static IReadOnlyList<string> AllowIps(FieldReader r)
    {
        var entries = r.Strings("allow_ips") ?? [];
        if (!IpAllowList.TryParse(entries, out _, out var error)) throw r.Bad("allow_ips", error!);
        return [.. entries.Select(e => e.Trim())];
    }

    /// <summary>A 409 when another key already has the alias (LiteLLM keeps key aliases unique).</summary>
    public static async Task EnsureAliasFreeAsync(SiloRuntime runtime, string? alias, string keyId)
    {
        if (alias is null) return;
        var page = await runtime.Store.ListAsync(new EntityQuery(EntityKind.Key) { Alias = alias, Limit = 2 });
        if (page.Items.Any(k => k.Id != keyId))
            throw new ApiException(ApiError.Conflict($"A key with alias '{alias}' already exists.", "key_alias"));
    }
}

/// <summary>Minting keys: the key is shown once and never stored; storage keeps its hash and masked form.</summary>
internal static class KeyMint
{
    /// <summary>A new key and its record (no owner, no settings yet).</summary>
    public static (string Key, KeyRecord Record) New(DateTimeOffset now)
    {
        var key = VirtualKeys.Generate();
        var record = new KeyRecord
        {
            KeyId = AdminIds.New(), Token = KeyHash.Of(key).ToHex(), KeyName = VirtualKeys.Mask(key),
            CreatedAt = now, UpdatedAt = now, CreatedBy = AdminAccess.CurrentCallerName, Limits = Limits.None with { BudgetAnchor = now },
        };
        return (key, record);
    }

    /// <summary>A new key for an existing record: same id (spend and limits carry over), new hash.</summary>
    public static (string Key, KeyRecord Record) Rotate(KeyRecord record, DateTimeOffset now)
    {
        var key = VirtualKeys.Generate();
        return (key, record with { Token = KeyHash.Of(key).ToHex(), KeyName = VirtualKeys.Mask(key), UpdatedAt = now });
    }
}

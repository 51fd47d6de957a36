using System.Text.Json;

namespace Routero.Tenancy;

/// <summary>What every stored tenant object has.</summary>
/// <remarks>
/// A silo's grains hold one record per level, so the common fields are packed: metadata (rare, and dropped by the
/// grains) is a reference rather than a nullable struct inline, and each timestamp is its ticks and offset minutes.
/// </remarks>
public abstract record EntityRecord
{
    private object? _metadata; // a boxed JsonElement, or null
    private long _createdTicks;
    private long _updatedTicks;
    private short _createdOffsetMinutes;
    private short _updatedOffsetMinutes;

    /// <summary>Free-form metadata the admin attached.</summary>
    public JsonElement? Metadata
    {
        get => _metadata is JsonElement element ? element : null;
        init => _metadata = value;
    }

    /// <summary>Blocked objects admit no request.</summary>
    public bool Blocked { get; init; }

    /// <summary>The object's limits.</summary>
    public Limits Limits { get; init; } = Limits.None;

    /// <summary>Models this level allows (empty: all).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt
    {
        get => PackedInstant.Unpack(_createdTicks, _createdOffsetMinutes);
        init => (_createdTicks, _createdOffsetMinutes) = PackedInstant.Pack(value);
    }

    /// <summary>When last changed.</summary>
    public DateTimeOffset UpdatedAt
    {
        get => PackedInstant.Unpack(_updatedTicks, _updatedOffsetMinutes);
        init => (_updatedTicks, _updatedOffsetMinutes) = PackedInstant.Pack(value);
    }

    /// <summary>Who created it ("master key" or a user id).</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>An organization: the root of a tenant.</summary>
public sealed record OrganizationRecord : EntityRecord
{
    /// <summary>Id.</summary>
    public required string OrganizationId { get; init; }
    /// <summary>Display name.</summary>
    public string? OrganizationAlias { get; init; }
    /// <summary>Budget given to customers first seen under this org (<c>max_budget</c> of a new customer).</summary>
    public decimal? DefaultCustomerMaxBudget { get; init; }
    /// <summary>Budget duration given to customers first seen under this org.</summary>
    public string? DefaultCustomerBudgetDuration { get; init; }
    /// <summary>Custom admin roles of this org: role name → the admin route patterns it allows (<c>/key/list</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CustomRoles { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>
    /// SHA-256 (lowercase hex) of the org's SCIM provisioning token, or null when SCIM is not set up. The token itself
    /// is shown once when minted and never stored; admin answers leave this field out.
    /// </summary>
    public string? ScimTokenHash { get; init; }
}

/// <summary>A team: budget, limits, model allowlist, chargeback unit.</summary>
public sealed record TeamRecord : EntityRecord
{
    /// <summary>Id.</summary>
    public required string TeamId { get; init; }
    /// <summary>Display name.</summary>
    public string? TeamAlias { get; init; }
    /// <summary>The owning organization; null for a team outside any organization (as LiteLLM allows).</summary>
    public string? OrganizationId { get; init; }
    /// <summary>The identity provider's id of the group this team mirrors (SCIM <c>externalId</c>), if any.</summary>
    public string? ExternalId { get; init; }
    /// <summary>
    /// When the organization's identity provider deleted the group this team mirrored (SCIM): the team keeps its keys,
    /// budgets and spend for the admins, but the provider no longer sees it.
    /// </summary>
    public DateTimeOffset? ScimDeletedAt { get; init; }
}

/// <summary>An internal user.</summary>
public sealed record UserRecord : EntityRecord
{
    /// <summary>Id.</summary>
    public required string UserId { get; init; }
    /// <summary>E-mail.</summary>
    public string? UserEmail { get; init; }
    /// <summary>Display name.</summary>
    public string? UserAlias { get; init; }
    /// <summary>Global role: proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer.</summary>
    public string UserRole { get; init; } = "internal_user";
    /// <summary>The organization the user acts in by default.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>
    /// Organizations whose identity provider deprovisioned the user (SCIM): the user's keys in them admit nothing, and
    /// the user's roles in them grant nothing, until the provider provisions the user again. Kept apart from
    /// <see cref="EntityRecord.Blocked"/>, so re-provisioning lifts only what deprovisioning imposed. Null when none.
    /// </summary>
    public IReadOnlyList<string>? DeprovisionedIn { get; init; }
}

/// <summary>An end customer of a tenant's product.</summary>
public sealed record CustomerRecord : EntityRecord
{
    /// <summary>Id: the value applications send as <c>user</c>.</summary>
    public required string UserId { get; init; }
    /// <summary>Display name.</summary>
    public string? Alias { get; init; }
    /// <summary>The organization whose key first named this customer (or the admin's choice).</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Region the customer's requests must stay in (e.g. "eu"), if any.</summary>
    public string? AllowedModelRegion { get; init; }
    /// <summary>Model used when the customer's request names none the customer may use.</summary>
    public string? DefaultModel { get; init; }
}

/// <summary>Limits of one model pinned on a key (<c>model_limits</c>).</summary>
public sealed record ModelLimit
{
    /// <summary>Requests per minute for this model.</summary>
    public int? RpmLimit { get; init; }
    /// <summary>Tokens per minute for this model.</summary>
    public long? TpmLimit { get; init; }
    /// <summary>Budget for this model (in the key's budget window).</summary>
    public decimal? MaxBudget { get; init; }
}

/// <summary>A virtual key. The key itself is never stored: only its SHA-256 (<see cref="Token"/>).</summary>
public sealed record KeyRecord : EntityRecord
{
    /// <summary>Stable internal id; survives regeneration.</summary>
    public required string KeyId { get; init; }
    /// <summary>SHA-256 of the key, lowercase hex: LiteLLM's <c>token</c>.</summary>
    public required string Token { get; init; }
    /// <summary>The masked key (<c>sk-...abcd</c>).</summary>
    public required string KeyName { get; init; }
    /// <summary>Display name.</summary>
    public string? KeyAlias { get; init; }
    /// <summary>Owning team, if any.</summary>
    public string? TeamId { get; init; }
    /// <summary>Owning user, if any.</summary>
    public string? UserId { get; init; }
    /// <summary>Organization (the team's, or the user's default).</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Lifetime spend cap in dollars; null or 0 means unlimited.</summary>
    public decimal? CreditLimitUsd { get; init; }
    /// <summary>When true, the key may call only the models in <see cref="ModelLimits"/>.</summary>
    public bool ModelLimitsEnabled { get; init; }
    /// <summary>Per-model limits.</summary>
    public IReadOnlyDictionary<string, ModelLimit> ModelLimits { get; init; } = new Dictionary<string, ModelLimit>();
    /// <summary>Deployment environment tag (e.g. "prod", "staging").</summary>
    public string? Environment { get; init; }
    /// <summary>Client addresses and CIDR ranges allowed to use the key (empty: any).</summary>
    public IReadOnlyList<string> AllowIps { get; init; } = [];
    /// <summary>When the key stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get => _expires ? PackedInstant.Unpack(_expiresTicks, _expiresOffsetMinutes) : null;
        init
        {
            _expires = value is not null;
            (_expiresTicks, _expiresOffsetMinutes) = PackedInstant.Pack(value ?? default);
        }
    }

    // ExpiresAt, packed like the timestamps of every record (see EntityRecord).
    private long _expiresTicks;
    private short _expiresOffsetMinutes;
    private bool _expires;
}

using Routero.Admin;
using Routero.Hosting;
using Routero.Money;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>What an alert says about a level and how its limits read: its ids, alias and limits.</summary>
/// <param name="Kind">The level's kind.</param>
/// <param name="Id">The level's id.</param>
/// <param name="Record">Its record: storage's, or the compact one its active grain keeps.</param>
/// <param name="Limits">Its limits: the stored record's, or as its active grain enforces them (whose record keeps none).</param>
internal sealed record LevelView(EntityKind Kind, string Id, EntityRecord Record, Limits Limits)
{
    /// <summary>The id admins know the level by (a customer's own id, not the organization-scoped one).</summary>
    public string DisplayId => Record is CustomerRecord c ? c.UserId : Id;

    /// <summary>The display name: alias, e-mail or masked key.</summary>
    public string? Alias => Record switch
    {
        OrganizationRecord o => o.OrganizationAlias,
        TeamRecord t => t.TeamAlias,
        UserRecord u => u.UserAlias ?? u.UserEmail,
        CustomerRecord c => c.Alias,
        KeyRecord k => k.KeyAlias ?? k.KeyName,
        _ => null,
    };

    /// <summary>A key's lifetime cap (<c>credit_limit_usd</c>; 0 means none, as the grains read it).</summary>
    public Usd? CreditLimit => Record is KeyRecord { CreditLimitUsd: > 0 } k ? Usd.FromDollars(k.CreditLimitUsd!.Value) : null;

    /// <summary>The level's name in the quota ledger (<c>team:team-1</c>), as its grain leases under it.</summary>
    public string LedgerLevel => $"{Kind.Name()}:{Id}";
}

/// <summary>A level the evaluator found: its record (an active grain's compact one, or storage's) and the grain, if active.</summary>
internal readonly record struct FoundLevel(EntityKind Kind, string Id, EntityRecord Record, ILevelGrain? Grain)
{
    /// <summary>The organization the level belongs to, if any.</summary>
    public string? OrganizationId => Record switch
    {
        OrganizationRecord o => o.OrganizationId,
        TeamRecord t => t.OrganizationId,
        UserRecord u => u.OrganizationId,
        CustomerRecord c => c.OrganizationId,
        KeyRecord k => k.OrganizationId,
        _ => null,
    };
}

/// <summary>
/// Reads levels for the evaluator: from the level's grain when it is active here (memory, the common case right after
/// its spend), else from storage. A grain's record keeps only what admission and evaluation read (limits, ids, the
/// customer's own id): names and aliases, which only a raised alert shows, come from <see cref="ReadStoredAsync"/>.
/// </summary>
internal sealed class LevelReader(SiloRuntime runtime)
{
    /// <summary>
    /// The level, or null when it no longer exists. An active grain's record is read without entering its turn (a
    /// record is swapped whole, never changed); its limits, which a change applies field by field, are read by
    /// <see cref="ViewAsync"/>, only for levels that get that far.
    /// </summary>
    public async ValueTask<FoundLevel?> FindAsync(EntityKind kind, string id, CancellationToken ct)
    {
        ILevelGrain? active = kind switch
        {
            EntityKind.Organization => runtime.Host.Peek<OrganizationGrain>(id),
            EntityKind.Team => runtime.Host.Peek<TeamGrain>(id),
            EntityKind.User => runtime.Host.Peek<UserGrain>(id),
            EntityKind.Customer => runtime.Host.Peek<CustomerGrain>(id),
            EntityKind.Key => runtime.Host.Peek<KeyGrain>(id),
            _ => null,
        };
        if (active?.Record is { } record) return new FoundLevel(kind, id, record, active);
        return await LoadAsync(kind, id, ct).ConfigureAwait(false) is { } stored ? new FoundLevel(kind, id, stored, null) : null;
    }

    /// <summary>
    /// The found level with its limits: an active grain's record and limits as one pair read in its turn, or the
    /// stored record's; null when the grain's object was deleted meanwhile.
    /// </summary>
    public static async ValueTask<LevelView?> ViewAsync(FoundLevel found)
    {
        if (found.Grain is not { } grain) return new LevelView(found.Kind, found.Id, found.Record, found.Record.Limits);
        var (record, limits) = await grain.ReadLimitsAsync().ConfigureAwait(false);
        return record is null ? null : new LevelView(found.Kind, found.Id, record, limits);
    }

    /// <summary>The level as storage holds it (names, aliases and the key's token included), or null when it no longer exists.</summary>
    public async ValueTask<LevelView?> ReadStoredAsync(EntityKind kind, string id, CancellationToken ct) =>
        await LoadAsync(kind, id, ct).ConfigureAwait(false) is { } record ? new LevelView(kind, id, record, record.Limits) : null;

    private async Task<EntityRecord?> LoadAsync(EntityKind kind, string id, CancellationToken ct)
    {
        if (await runtime.Store.GetAsync(kind, id, ct).ConfigureAwait(false) is not { } row) return null;
        return kind switch
        {
            EntityKind.Organization => AdminStore.Parse<OrganizationRecord>(row),
            EntityKind.Team => AdminStore.Parse<TeamRecord>(row),
            EntityKind.User => AdminStore.Parse<UserRecord>(row),
            EntityKind.Customer => AdminStore.Parse<CustomerRecord>(row),
            _ => AdminStore.Parse<KeyRecord>(row),
        };
    }
}

using System.Text.Json;
using Routero.Keys;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Bench.Seeding;

/// <summary>
/// Tenant records with limits on every level, as the rows the admin facade stores (the same columns as
/// <c>AdminStore.ToRow</c>: kind, id, owners, alias, key hash, JSON in <see cref="GrainContext.RecordJson"/>).
/// </summary>
internal static class TenantRows
{
    private static Limits LimitsAt(DateTimeOffset now) => new()
    {
        MaxBudget = 1_000_000m, BudgetDuration = "30d", BudgetAnchor = now,
        RpmLimit = 100_000_000, TpmLimit = 100_000_000_000, MaxParallelRequests = 100_000,
    };

    public static StoredEntity Organization(string id, DateTimeOffset now) =>
        Row(EntityKind.Organization, id, new OrganizationRecord { OrganizationId = id, OrganizationAlias = id, Limits = LimitsAt(now), CreatedAt = now, UpdatedAt = now })
            with { OrganizationId = id, Alias = id };

    public static StoredEntity Team(string id, string org, DateTimeOffset now) =>
        Row(EntityKind.Team, id, new TeamRecord { TeamId = id, OrganizationId = org, TeamAlias = id, Limits = LimitsAt(now), CreatedAt = now, UpdatedAt = now })
            with { OrganizationId = org, Alias = id };

    public static StoredEntity User(string id, string org, DateTimeOffset now) =>
        Row(EntityKind.User, id, new UserRecord { UserId = id, OrganizationId = org, Limits = LimitsAt(now), CreatedAt = now, UpdatedAt = now })
            with { OrganizationId = org };

    public static StoredEntity Customer(string id, string org, DateTimeOffset now) =>
        Row(EntityKind.Customer, CustomerGrain.ScopedId(org, id),
            new CustomerRecord { UserId = id, OrganizationId = org, Limits = LimitsAt(now), CreatedAt = now, UpdatedAt = now })
            with { OrganizationId = org, Alias = id };

    public static StoredEntity Key(string key, string team, string user, string org, DateTimeOffset now)
    {
        var id = Guid.NewGuid().ToString("N");
        var token = KeyHash.Of(key).ToHex();
        var record = new KeyRecord
        {
            KeyId = id, Token = token, KeyName = VirtualKeys.Mask(key), TeamId = team, UserId = user, OrganizationId = org,
            Limits = LimitsAt(now), CreatedAt = now, UpdatedAt = now, CreatedBy = "bench",
        };
        return Row(EntityKind.Key, id, record) with { OrganizationId = org, TeamId = team, UserId = user, KeyHash = token };
    }

    private static StoredEntity Row(EntityKind kind, string id, EntityRecord record) => new()
    {
        Kind = kind,
        Id = id,
        Json = JsonSerializer.Serialize(record, record.GetType(), GrainContext.RecordJson),
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
    };
}

using System.Text.Json;
using Routero.Access;
using Routero.Errors;
using Routero.Hosting;
using Routero.Provisioning;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>A stored object: its row (for the version and columns) and its record.</summary>
internal sealed record Loaded<T>(StoredEntity Row, T Record) where T : EntityRecord;

/// <summary>Reads of the system of record for the admin facade, and the row each record is stored as.</summary>
internal static class AdminStore
{
    private const int ListBatch = 500;

    /// <summary>
    /// The object, or null when it does not exist or the current admin caller may not see it (another organization's
    /// objects look exactly like missing ones). An object the caller sees but lacks the route's permission on is a 403.
    /// </summary>
    public static async Task<Loaded<T>?> FindAsync<T>(SiloRuntime runtime, EntityKind kind, string id, AdminPermission? permission = null)
        where T : EntityRecord
    {
        var row = await runtime.Store.GetAsync(kind, id);
        if (row is null || !await PermitsAsync(runtime, row, permission)) return null;
        return new Loaded<T>(row, Parse<T>(row));
    }

    /// <summary>
    /// False when the current admin caller may not see the row; a 403 when it sees it without
    /// <paramref name="permission"/> (by default the route's); true otherwise.
    /// </summary>
    public static async Task<bool> PermitsAsync(SiloRuntime runtime, StoredEntity row, AdminPermission? permission = null)
    {
        if (AdminAccess.Current is not { } access || access.IsUnrestricted(permission ?? access.Permission)) return true;
        var scope = await AccessScopes.OfAsync(runtime, row);
        if (!access.Sees(scope)) return false;
        access.Require(scope, () => NotFound(row.Kind, row.Id, AdminCommit.IdParam(row.Kind)), permission, $"{row.Kind.Name()} '{ShownId(row.Kind, row.Id)}'");
        return true;
    }

    /// <summary>
    /// The object, or null when it does not exist or the caller may not see it; unlike <see cref="FindAsync{T}"/> it
    /// asks no permission of the object itself (a user about to be added to a team the caller manages).
    /// </summary>
    public static async Task<Loaded<T>?> FindVisibleAsync<T>(SiloRuntime runtime, EntityKind kind, string id) where T : EntityRecord
    {
        var row = await runtime.Store.GetAsync(kind, id);
        return row is null || !await VisibleAsync(runtime, row) ? null : new Loaded<T>(row, Parse<T>(row));
    }

    /// <summary>Whether the current admin caller (if any) may see the row.</summary>
    public static async Task<bool> VisibleAsync(SiloRuntime runtime, StoredEntity row) =>
        AdminAccess.Current is not { } access || access.Caller.Grants.Any(g => g.IsGlobal) || access.Sees(await AccessScopes.OfAsync(runtime, row));

    /// <summary>The object, or a 404 naming <paramref name="param"/> (also for objects the caller may not see).</summary>
    public static async Task<Loaded<T>> GetAsync<T>(SiloRuntime runtime, EntityKind kind, string id, string param, AdminPermission? permission = null)
        where T : EntityRecord =>
        await FindAsync<T>(runtime, kind, id, permission) ?? throw NotFound(kind, ShownId(kind, id), param);

    /// <summary>The id a caller knows an object by (customers are stored as "org|id").</summary>
    public static string ShownId(EntityKind kind, string id) =>
        kind == EntityKind.Customer && id.IndexOf(CustomerGrain.Separator) is >= 0 and var at ? id[(at + 1)..] : id;

    /// <summary>A 404 for an unknown object.</summary>
    public static ApiException NotFound(EntityKind kind, string id, string param) =>
        new(ApiError.NotFound($"{kind.Name()} '{id}' does not exist.", param));

    /// <summary>Every object matching the query, read in batches.</summary>
    public static async Task<List<Loaded<T>>> ListAllAsync<T>(SiloRuntime runtime, EntityQuery query) where T : EntityRecord =>
        [.. (await ListRowsAsync(runtime, query)).Select(row => new Loaded<T>(row, Parse<T>(row)))];

    /// <summary>The rows of every object matching the query, read in batches.</summary>
    public static async Task<List<StoredEntity>> ListRowsAsync(SiloRuntime runtime, EntityQuery query)
    {
        var all = new List<StoredEntity>();
        while (true)
        {
            var page = await runtime.Store.ListAsync(query with { Offset = all.Count, Limit = ListBatch });
            all.AddRange(page.Items);
            if (page.Items.Count < ListBatch) return all;
        }
    }

    /// <summary>One page of objects and the total that matched.</summary>
    public static async Task<(List<Loaded<T>> Items, long Total)> PageAsync<T>(SiloRuntime runtime, EntityQuery query) where T : EntityRecord
    {
        var page = await runtime.Store.ListAsync(query);
        return ([.. page.Items.Select(row => new Loaded<T>(row, Parse<T>(row)))], page.Total);
    }

    /// <summary>The users with these ids, by id.</summary>
    public static async Task<Dictionary<string, UserRecord>> UsersAsync(SiloRuntime runtime, IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0) return [];
        var users = await ListAllAsync<UserRecord>(runtime, new EntityQuery(EntityKind.User) { Ids = list });
        return users.ToDictionary(u => u.Record.UserId, u => u.Record, StringComparer.Ordinal);
    }

    /// <summary>The user with this e-mail (stored lower-cased in the alias column), or null.</summary>
    public static async Task<Loaded<UserRecord>?> FindUserByEmailAsync(SiloRuntime runtime, string email)
    {
        var page = await PageAsync<UserRecord>(runtime, new EntityQuery(EntityKind.User) { Alias = EmailKey(email), Limit = 1 });
        return page.Items.FirstOrDefault();
    }

    /// <summary>
    /// The row a record is stored as. Users keep their e-mail (lower-cased) in the alias column: it is the
    /// only user attribute LiteLLM looks users up by besides the id.
    /// </summary>
    public static StoredEntity ToRow(EntityRecord record, long version) => record switch
    {
        OrganizationRecord o => Row(EntityKind.Organization, o.OrganizationId, record, version) with { OrganizationId = o.OrganizationId, Alias = o.OrganizationAlias },
        TeamRecord t => Row(EntityKind.Team, t.TeamId, record, version) with { OrganizationId = t.OrganizationId, Alias = t.TeamAlias },
        UserRecord u => Row(EntityKind.User, u.UserId, record, version) with { OrganizationId = u.OrganizationId, Alias = EmailKey(u.UserEmail) },
        CustomerRecord c => Row(EntityKind.Customer, CustomerGrain.ScopedId(c.OrganizationId, c.UserId), record, version)
            with { OrganizationId = c.OrganizationId, Alias = c.UserId },
        KeyRecord k => Row(EntityKind.Key, k.KeyId, record, version)
            with { OrganizationId = k.OrganizationId, TeamId = k.TeamId, UserId = k.UserId, Alias = k.KeyAlias, KeyHash = k.Token },
        // The SCIM externalId sits in the alias column: providers look users up by it.
        ScimUserRecord s => Row(EntityKind.ScimUser, ScimUserRecord.RowId(s.OrganizationId, s.UserName), record, version)
            with { OrganizationId = s.OrganizationId, UserId = s.UserId, Alias = s.ExternalId },
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    private static StoredEntity Row(EntityKind kind, string id, EntityRecord record, long version) => new()
    {
        Kind = kind,
        Id = id,
        Json = JsonSerializer.Serialize(record, record.GetType(), GrainContext.RecordJson),
        Version = version,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
    };

    private static string? EmailKey(string? email) => email?.Trim().ToLowerInvariant();

    /// <summary>The record of a row.</summary>
    public static T Parse<T>(StoredEntity row) where T : EntityRecord =>
        JsonSerializer.Deserialize<T>(row.Json, GrainContext.RecordJson)
        ?? throw new InvalidOperationException($"Stored {row.Kind.Name()} '{row.Id}' has no record.");
}

using Routero.Hosting;
using Routero.Keys;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// One admin action's changes: a <see cref="ChangeSet"/> committed all or nothing, and what must follow a
/// successful commit (grains re-reading their objects, the key index learning and forgetting hashes).
/// </summary>
internal sealed class AdminChange(DateTimeOffset now)
{
    private readonly List<(EntityKind Kind, string Id)> _refresh = [];
    private readonly List<KeyHash> _forget = [];
    private readonly List<(KeyHash Hash, string KeyId)> _remember = [];
    private readonly Dictionary<(EntityKind Kind, string Id), StoredEntity> _before = [];

    /// <summary>The instant the action happens at.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// The action the audit log records (<c>scim.user.create</c>); null to name it after the route
    /// (<c>/key/generate</c> is <c>key.generate</c>).
    /// </summary>
    public string? Action { get; set; }

    /// <summary>The storage changes.</summary>
    public ChangeSet Set { get; } = new();

    /// <summary>Creates an object.</summary>
    public void Insert(EntityRecord record)
    {
        var row = AdminStore.ToRow(record, 1);
        Set.Inserts.Add(row);
        Touched(row);
        if (row.KeyHash is { } hash) _remember.Add((Hash(hash), row.Id));
    }

    /// <summary>Replaces an object read at <paramref name="old"/>'s version.</summary>
    public void Update(StoredEntity old, EntityRecord record)
    {
        var row = AdminStore.ToRow(record, old.Version + 1);
        Set.Updates.Add(row);
        _before.TryAdd((old.Kind, old.Id), old);
        Touched(row);
        if (old.KeyHash == row.KeyHash) return;
        if (old.KeyHash is { } oldHash) _forget.Add(Hash(oldHash));
        if (row.KeyHash is { } newHash) _remember.Add((Hash(newHash), row.Id));
    }

    /// <summary>Deletes an object (storage drops its memberships and counters with it).</summary>
    public void Delete(StoredEntity row)
    {
        Set.Deletes.Add((row.Kind, row.Id));
        _before.TryAdd((row.Kind, row.Id), row);
        Touched(row);
        if (row.KeyHash is { } hash) _forget.Add(Hash(hash));
    }

    /// <summary>The stored row an update or delete of this change started from (for the audit log), or null.</summary>
    public StoredEntity? Before(EntityKind kind, string id) => _before.GetValueOrDefault((kind, id));

    /// <summary>True when this change already deletes the object.</summary>
    public bool Deletes(EntityKind kind, string id) => Set.Deletes.Contains((kind, id));

    /// <summary>
    /// Makes the committed change visible to the very next request: revoked hashes are forgotten before
    /// anything else, then new hashes are learnt and the changed objects' grains re-read them.
    /// </summary>
    public async Task PublishAsync(SiloRuntime runtime)
    {
        foreach (var hash in _forget) runtime.Keys.Forget(hash);
        foreach (var (hash, keyId) in _remember) runtime.Keys.Remember(hash, keyId);
        foreach (var (kind, id) in _refresh.Distinct()) await runtime.RefreshAsync(kind, id);
    }

    private void Touched(StoredEntity row) => _refresh.Add((row.Kind, row.Id));

    private static KeyHash Hash(string hex) =>
        KeyHash.TryParseHex(hex, out var hash) ? hash : throw new InvalidOperationException("A stored key hash is not 64 hex digits.");
}

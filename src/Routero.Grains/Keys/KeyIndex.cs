using System.Collections.Concurrent;
using Routero.Storage;

namespace Routero.Keys;

/// <summary>
/// Maps key hashes to key ids. Known hashes answer from memory; unknown hashes are remembered for
/// <see cref="NegativeTtl"/> so that a flood of bad keys does not become a flood of storage reads.
/// Revocation (delete, regenerate) forgets the old hash at once.
/// </summary>
public sealed class KeyIndex(IRouteroStore store, TimeProvider time)
{
    /// <summary>How long an unknown hash is remembered as unknown.</summary>
    public static readonly TimeSpan NegativeTtl = TimeSpan.FromSeconds(30);

    private const int MaxNegativeEntries = 100_000;

    private readonly ConcurrentDictionary<KeyHash, string> _known = new();
    private readonly ConcurrentDictionary<KeyHash, long> _unknownUntil = new();
    private long _forgets;

    /// <summary>The key id for a hash, or null when no key has it. Synchronous when the hash was seen before.</summary>
    public ValueTask<string?> FindAsync(KeyHash hash)
    {
        if (_known.TryGetValue(hash, out var id)) return new ValueTask<string?>(id);
        if (_unknownUntil.TryGetValue(hash, out var until) && time.GetTimestamp() < until) return new ValueTask<string?>((string?)null);
        return LookUpAsync(hash);
    }

    private async ValueTask<string?> LookUpAsync(KeyHash hash)
    {
        var forgets = Volatile.Read(ref _forgets);
        var id = await store.FindKeyIdByHashAsync(hash.ToHex()).ConfigureAwait(false);
        if (id is not null)
        {
            // A Forget during the read may have revoked what the read saw: answer it, but do not remember it.
            if (Volatile.Read(ref _forgets) == forgets) _known[hash] = id;
            _unknownUntil.TryRemove(hash, out _);
            return id;
        }
        if (_unknownUntil.Count >= MaxNegativeEntries) _unknownUntil.Clear();
        _unknownUntil[hash] = time.GetTimestamp() + (long)(NegativeTtl.TotalSeconds * time.TimestampFrequency);
        return null;
    }

    /// <summary>Records a hash that was just minted, so its first request needs no storage read.</summary>
    public void Remember(KeyHash hash, string keyId)
    {
        _unknownUntil.TryRemove(hash, out _);
        _known[hash] = keyId;
    }

    /// <summary>Forgets a hash: the key was deleted or regenerated.</summary>
    public void Forget(KeyHash hash)
    {
        Interlocked.Increment(ref _forgets);
        _known.TryRemove(hash, out _);
    }
}

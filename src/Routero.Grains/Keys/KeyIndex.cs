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

    // Indexed by the hash's first 128 bits (a node of 56 bytes per known key instead of 72; UInt128 would align to 16
    // bytes and take 64): the index only finds the key id, and authentication then compares the whole hash with the
    // key's own (KeyPolicy.TokenHash), so even a collision, which at 2^-128 per pair of keys does not happen, could not
    // let a secret pass for another key's.
    private readonly ConcurrentDictionary<Prefix128, string> _known = new();
    private readonly ConcurrentDictionary<KeyHash, long> _unknownUntil = new();
    private long _forgets;

    /// <summary>The key id for a hash, or null when no key has it. Synchronous when the hash was seen before.</summary>
    public ValueTask<string?> FindAsync(KeyHash hash)
    {
        if (_known.TryGetValue(Prefix(hash), out var id)) return new ValueTask<string?>(id);
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
            if (Volatile.Read(ref _forgets) == forgets) _known[Prefix(hash)] = id;
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
        _known[Prefix(hash)] = keyId;
    }

    /// <summary>Forgets a hash: the key was deleted or regenerated.</summary>
    public void Forget(KeyHash hash)
    {
        Interlocked.Increment(ref _forgets);
        _known.TryRemove(Prefix(hash), out _);
    }

    private static Prefix128 Prefix(KeyHash hash) => new(hash.A, hash.B);

    // The first 128 bits of a SHA-256 hash: uniformly distributed, so their low 32 bits are the hash code.
    private readonly struct Prefix128(ulong a, ulong b) : IEquatable<Prefix128>
    {
        private readonly ulong _a = a, _b = b;

        public bool Equals(Prefix128 other) => _a == other._a && _b == other._b;

        public override bool Equals(object? obj) => obj is Prefix128 other && Equals(other);

        public override int GetHashCode() => (int)_a;
    }
}

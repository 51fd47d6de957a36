using System.Text.Json;
using System.Text.Json.Serialization;
using Routero.Accounting;
using Routero.Hosting;
using Routero.Quota;
using Routero.Storage;

namespace Routero.Tenancy;

/// <summary>What every entity grain of a silo shares: storage, time, the spend writer and the policy epoch.</summary>
public sealed class GrainContext
{
    /// <summary>JSON form of stored records: snake_case, nulls left out.</summary>
    public static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private long _policyEpoch;

    // Tenant ids (organization, team, user) and creators, one instance each for every grain that names them. Grows
    // with the tenants this silo has seen, never with requests. A set under a lock, not a concurrent dictionary: it is
    // used when a record is applied (activation, refresh), never per request, and a set entry costs 20 bytes
    // against a concurrent dictionary's 48-byte node.
    private readonly HashSet<string> _interned = new(StringComparer.Ordinal);

    /// <summary>Creates the context.</summary>
    public GrainContext(IRouteroStore store, TimeProvider time, SpendWriter spend, GrainHost host, TimeSpan rateWindow, IQuotaLedger? ledger = null)
        => (Store, Time, Spend, Host, RateWindow, Ledger) = (store, time, spend, host, rateWindow, ledger);

    /// <summary>The cluster's shared quota ledger; null in an embedded silo, whose grains are the only admitters.</summary>
    public IQuotaLedger? Ledger { get; }

    /// <summary>The system of record.</summary>
    public IRouteroStore Store { get; }
    /// <summary>The clock (a fake one in tests).</summary>
    public TimeProvider Time { get; }
    /// <summary>Where settled spend goes.</summary>
    public SpendWriter Spend { get; }
    /// <summary>The grain host, for grains that call other grains.</summary>
    public GrainHost Host { get; }
    /// <summary>The length of rate-limit windows (one minute, shorter in tests).</summary>
    public TimeSpan RateWindow { get; }

    /// <summary>Grows whenever any tenant object changes; key policy snapshots older than it are rebuilt.</summary>
    public long PolicyEpoch => Volatile.Read(ref _policyEpoch);

    /// <summary>Invalidates every policy snapshot.</summary>
    public void BumpPolicyEpoch() => Interlocked.Increment(ref _policyEpoch);

    /// <summary>The silo's one instance of <paramref name="value"/> (null stays null).</summary>
    public string? Intern(string? value)
    {
        if (value is null) return null;
        lock (_interned)
        {
            if (_interned.TryGetValue(value, out var existing)) return existing;
            _interned.Add(value);
            return value;
        }
    }

    /// <summary>Now.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();
}

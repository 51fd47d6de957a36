namespace Routero.Quota;

/// <summary>
/// The shared quota ledger of a cluster: one bucket per level, dimension and window, holding its cap, what
/// was spent and what silos hold leased. Invariant: <c>spent + leased ≤ cap</c>, so silos together never admit
/// more than the cap. Grains lease slices and admit from them in memory; the ledger is consulted only when a
/// slice runs low. Embedded silos have no ledger: their grains are the only admitters.
/// </summary>
public interface IQuotaLedger
{
    /// <summary>
    /// Leases between <paramref name="minimum"/> and <paramref name="want"/> (more when the bucket is far from
    /// exhaustion, shared fairly among the live silos) in one atomic statement. Returns 0 when the bucket
    /// cannot spare <paramref name="minimum"/>.
    /// </summary>
    ValueTask<LeaseGrant> AcquireAsync(QuotaBucket bucket, long cap, long minimum, long want, CancellationToken ct = default);

    /// <summary>
    /// True while a lease granted with <paramref name="stamp"/> is certainly still held: before its own expiry
    /// (less a safety margin), or while the silo's heartbeats have renewed its leases without a gap since.
    /// A lease past that may have been swept and re-granted to another silo, so its local share must not be used.
    /// </summary>
    bool IsValid(LeaseStamp stamp);

    /// <summary>
    /// Gives back this silo's whole lease on a bucket. For a bucket whose usage is settled on return (a rate window,
    /// see <see cref="QuotaBuckets.SettledOnReturn"/>) what the lease still holds beyond <paramref name="unused"/> is
    /// counted spent; for the others (debited per batch) what was debited from the lease becomes spent and the rest is freed.
    /// </summary>
    Task ReturnAsync(QuotaBucket bucket, long unused, CancellationToken ct = default);

    /// <summary>Gives back part of this silo's lease (unused local share), keeping the rest leased.</summary>
    Task GiveBackAsync(QuotaBucket bucket, long amount, CancellationToken ct = default);

    /// <summary>
    /// Records usage against this silo's leases, in one transaction: it counts as spent from then on (a lease that is
    /// gone, expired and swept, has it counted spent directly), and moves into the bucket's spent when the lease goes back.
    /// </summary>
    Task DebitAsync(IReadOnlyList<QuotaDebit> debits, CancellationToken ct = default);

    /// <summary>What a bucket has spent, debited leases included (for admin views and alerts).</summary>
    Task<long> SpentAsync(QuotaBucket bucket, CancellationToken ct = default);
}

/// <summary>One bucket: a level (kind and id), a dimension, and the window it counts (ticks; 0 for none).</summary>
public readonly record struct QuotaBucket(string Level, QuotaDimension Dimension, long WindowStartTicks)
{
    /// <summary>The bucket's key in the ledger.</summary>
    public override string ToString() => $"{Level}:{Dimension}:{WindowStartTicks}";
}

/// <summary>Which buckets are debited per batch and which are settled when their lease goes back.</summary>
public static class QuotaBuckets
{
    /// <summary>
    /// True for rate windows (requests and tokens): a unit is used the moment it is taken, so nothing is debited per
    /// request; the lease keeps what the silo took until it is returned, and then counts as spent all but what is
    /// unused. A dead silo's swept rate lease counts whole as spent: its window may admit less, never more. Money
    /// (budget, credit) is debited in the spend batch, with the records, so a crash cannot lose it; slots are never spent.
    /// </summary>
    public static bool SettledOnReturn(this QuotaDimension dimension) => dimension is QuotaDimension.Requests or QuotaDimension.Tokens;

    /// <summary>
    /// A PostgreSQL regular expression matching the keys (<see cref="QuotaBucket.ToString"/>) of the buckets that are
    /// <see cref="SettledOnReturn"/>: the dimension is the second-last segment, the window the last.
    /// </summary>
    public const string SettledOnReturnKeyPattern = ":(Requests|Tokens):[0-9]+$";
}

/// <summary>What a bucket counts.</summary>
public enum QuotaDimension
{
    /// <summary>Budget nanodollars in a budget window.</summary>
    Budget,
    /// <summary>Lifetime nanodollars (<c>credit_limit_usd</c>).</summary>
    Credit,
    /// <summary>Requests in a rate window.</summary>
    Requests,
    /// <summary>Tokens in a rate window.</summary>
    Tokens,
    /// <summary>Concurrent requests (slots, never debited).</summary>
    Slots,
}

/// <summary>What a lease request got, and when the lease stops being certainly valid.</summary>
public readonly record struct LeaseGrant(long Amount, LeaseStamp Stamp);

/// <summary>When a lease was granted to last until (with margin), and the renewal generation it belongs to.</summary>
public readonly record struct LeaseStamp(long ValidUntilTicks, long Generation);

/// <summary>Usage to debit from this silo's lease on a bucket.</summary>
public readonly record struct QuotaDebit(QuotaBucket Bucket, long Amount);

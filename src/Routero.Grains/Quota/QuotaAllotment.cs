namespace Routero.Quota;

/// <summary>
/// A grain's local share of one bucket: what its leases granted and how much of that is still free.
/// Taking from it is a memory operation; only when it runs short does the grain go to the ledger, asking for
/// what the request needs at least and a slice when the bucket can spare one. Used inside the grain's turn only.
/// </summary>
internal sealed class QuotaAllotment(IQuotaLedger ledger, QuotaBucket bucket)
{
    private LeaseStamp _stamp;

    /// <summary>The bucket this allotment draws on.</summary>
    public QuotaBucket Bucket { get; } = bucket;

    /// <summary>Leased and not yet taken.</summary>
    public long Free { get; private set; }

    /// <summary>True once anything was leased (so there may be something to return).</summary>
    public bool HoldsLease { get; private set; }

    /// <summary>
    /// Takes between <paramref name="minimum"/> and <paramref name="want"/>, leasing more when the local share
    /// is short. Returns what was taken (0: the bucket cannot spare the minimum).
    /// </summary>
    public async ValueTask<long> TakeAsync(long cap, long minimum, long want)
    {
        if (HoldsLease && !ledger.IsValid(_stamp) && Free > 0)
        {
            // The lease may have expired and gone to another silo: stop relying on its free share. What requests in
            // flight hold stays in the lease row (if it survived), so settling them later keeps the ledger consistent.
            await ledger.GiveBackAsync(Bucket, Free).ConfigureAwait(false);
            Free = 0;
        }
        if (Free < want || !ledger.IsValid(_stamp))
        {
            var grant = await ledger.AcquireAsync(Bucket, cap, Math.Max(0, minimum - Free), want - Free).ConfigureAwait(false);
            if (grant.Amount > 0) (Free, HoldsLease, _stamp) = (Free + grant.Amount, true, grant.Stamp);
        }
        if (Free < minimum) return 0;
        var taken = Math.Min(want, Free);
        Free -= taken;
        return taken;
    }

    /// <summary>Puts back part of what was taken and not used (it stays leased, for the next request here).</summary>
    public void Put(long amount) => Free += amount;

    /// <summary>
    /// Takes usage beyond what a request held (a provider counting more tokens than the bound) from the local share,
    /// as far as it goes: a rate window's lease counts all it holds but the free share as used when it goes back.
    /// </summary>
    public void Consume(long amount) => Free -= Math.Min(Free, amount);

    /// <summary>Forgets the local share after the lease went back to the ledger.</summary>
    public void Cleared() => (Free, HoldsLease) = (0, false);
}

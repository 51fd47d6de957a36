using Routero.Admission;
using Routero.Money;
using Routero.Tenancy;

namespace Routero.Quota;

/// <summary>
/// A level's admission in a cluster: the same checks as <see cref="LevelQuota"/>, but every limit is a bucket
/// of the shared ledger, admitted against through this silo's allotments. Lives in a level grain and is used
/// inside its turns only. Usage is debited through the spend writer, in the batch of the request's spend.
/// </summary>
internal sealed class ClusterQuota(IQuotaLedger ledger, string level, GrainContext context)
{
    private readonly Dictionary<QuotaDimension, QuotaAllotment> _allotments = [];
    private readonly List<QuotaAllotment> _retired = [];

    /// <summary>Requests admitted here and not yet finished.</summary>
    public int InFlight { get; private set; }

    // When the last request in flight finished (TimeProvider timestamp; 0: none ever ran).
    private long _idleSince;

    // The slots allotment, also in _allotments: a field the host's idle check can read outside the grain's turn
    // (a reference read is atomic; the dictionary may be mid-change).
    private QuotaAllotment? _slots;

    private void Finished()
    {
        if (--InFlight == 0) _idleSince = context.Time.GetTimestamp();
    }

    /// <summary>Admits a request on this level, or says why not. Puts back everything taken when any check fails.</summary>
    public async ValueTask<LevelAdmission> TryAdmitAsync(Limits limits, Usd? credit, CostEstimate estimate, int maxOutputTokens, DateTimeOffset now)
    {
        var (refusal, taken) = await TakeAllAsync(limits, credit, estimate, maxOutputTokens, now).ConfigureAwait(false);
        if (refusal.Reason != RefusalReason.None) return new(refusal.Reason, default, 0, refusal.RetryAfter, null, null, null);
        InFlight++;
        var granted = taken.Budget is { } b ? Granted(b, estimate, maxOutputTokens) : maxOutputTokens;
        if (taken.Credit is { } c) granted = Math.Min(granted, Granted(c, estimate, maxOutputTokens));
        var reserved = new Usd(estimate.PromptCost.Nanos + estimate.Price.OutputNanosPerToken * granted);
        // Both money buckets keep exactly the reservation; the rest goes back to the local share.
        if (taken.Budget is { } tb && tb > reserved.Nanos) Allotment(QuotaDimension.Budget, BudgetWindow(limits, now)).Put(tb - reserved.Nanos);
        if (taken.Credit is { } tc && tc > reserved.Nanos) Allotment(QuotaDimension.Credit, 0).Put(tc - reserved.Nanos);
        return new(RefusalReason.None, new LevelHold(reserved, taken.Tokens, now), granted, TimeSpan.Zero,
            taken.Budget is null && taken.Credit is null ? null : new Usd(Math.Min(FreeOf(QuotaDimension.Budget), FreeOf(QuotaDimension.Credit))),
            limits.RpmLimit is null ? null : (int)FreeOf(QuotaDimension.Requests), limits.TpmLimit is null ? null : FreeOf(QuotaDimension.Tokens));
    }

    // What was taken travels as a struct (in the state machine, which stays on the stack when every allotment answers
    // at once): a class per level was five objects per request. Whatever fails or throws part-way puts back what it took.
    private async ValueTask<(Refusal Refusal, Taken Taken)> TakeAllAsync(Limits limits, Usd? credit, CostEstimate estimate, int maxOutputTokens, DateTimeOffset now)
    {
        var taken = new Taken();
        try
        {
            var retry = RateWindowEnd(now) - now;
            if (limits.MaxParallelRequests is { } slots)
            {
                if (await Allotment(QuotaDimension.Slots, 0).TakeAsync(slots, 1, 1).ConfigureAwait(false) == 0)
                    return Refused(RefusalReason.ConcurrencyLimited, TimeSpan.FromSeconds(1), taken, limits, credit, now);
                taken.Slot = true;
            }
            if (limits.RpmLimit is { } rpm)
            {
                if (await Allotment(QuotaDimension.Requests, RateWindow(now)).TakeAsync(rpm, 1, 1).ConfigureAwait(false) == 0)
                    return Refused(RefusalReason.RequestRateLimited, retry, taken, limits, credit, now);
                taken.Request = true;
            }
            if (limits.TpmLimit is { } tpm)
            {
                taken.Tokens = await Allotment(QuotaDimension.Tokens, RateWindow(now)).TakeAsync(tpm, 1, Math.Max(1, estimate.RateTokens)).ConfigureAwait(false);
                if (taken.Tokens == 0) return Refused(RefusalReason.TokenRateLimited, retry, taken, limits, credit, now);
            }
            var minimum = estimate.PromptCost.Nanos + estimate.Price.OutputNanosPerToken;
            var want = estimate.PromptCost.Nanos + estimate.Price.OutputNanosPerToken * maxOutputTokens;
            if (limits.MaxBudgetUsd is { } budget)
            {
                var got = await Allotment(QuotaDimension.Budget, BudgetWindow(limits, now)).TakeAsync(budget.Nanos, Math.Max(1, minimum), want).ConfigureAwait(false);
                if (got == 0) return Refused(RefusalReason.BudgetExceeded, TimeSpan.Zero, taken, limits, credit, now);
                taken.Budget = got;
            }
            if (credit is { } cap)
            {
                var got = await Allotment(QuotaDimension.Credit, 0).TakeAsync(cap.Nanos, Math.Max(1, minimum), want).ConfigureAwait(false);
                if (got == 0) return Refused(RefusalReason.BudgetExceeded, TimeSpan.Zero, taken, limits, credit, now);
                taken.Credit = got;
            }
            return (default, taken);
        }
        catch
        {
            PutBack(taken, limits, credit, now);
            throw;
        }
    }

    private (Refusal, Taken) Refused(RefusalReason reason, TimeSpan retryAfter, in Taken taken, Limits limits, Usd? credit, DateTimeOffset now)
    {
        PutBack(taken, limits, credit, now);
        return (Refuse(reason, retryAfter), default);
    }

    /// <summary>Lowers a hold's money reservation; the difference stays in the local share.</summary>
    public LevelHold Shrink(LevelHold hold, Usd to, Limits limits, Usd? credit)
    {
        var back = hold.Budget.Nanos - to.Nanos;
        if (limits.MaxBudgetUsd is not null) Allotment(QuotaDimension.Budget, BudgetWindow(limits, hold.AcquiredAt)).Put(back);
        if (credit is not null) Allotment(QuotaDimension.Credit, 0).Put(back);
        return hold with { Budget = to };
    }

    /// <summary>Gives back what a request held that never ran.</summary>
    public void Release(LevelHold hold, Limits limits, Usd? credit)
    {
        Finished();
        PutBack(new Taken
        {
            Slot = limits.MaxParallelRequests is not null,
            Request = limits.RpmLimit is not null,
            Tokens = limits.TpmLimit is not null ? hold.RateTokens : 0,
            Budget = limits.MaxBudgetUsd is not null ? hold.Budget.Nanos : null,
            Credit = credit is not null ? hold.Budget.Nanos : null,
        }, limits, credit, hold.AcquiredAt);
    }

    /// <summary>Settles a request: debits what it used on the money buckets, keeps its rate units taken, puts back the unused rest.</summary>
    public void Settle(LevelHold hold, Usd cost, long tokens, Limits limits, Usd? credit)
    {
        Finished();
        var at = hold.AcquiredAt;
        if (limits.MaxParallelRequests is not null) Allotment(QuotaDimension.Slots, 0).Put(1);
        // Rate windows are settled when their lease goes back (QuotaBuckets.SettledOnReturn): the request's unit stays
        // taken, and of its tokens only what it did not use goes back to the local share.
        if (limits.TpmLimit is not null) SettleRate(QuotaDimension.Tokens, RateWindow(at), hold.RateTokens, tokens);
        if (limits.MaxBudgetUsd is not null) SettleAmount(QuotaDimension.Budget, BudgetWindow(limits, at), hold.Budget.Nanos, cost.Nanos);
        if (credit is not null) SettleAmount(QuotaDimension.Credit, 0, hold.Budget.Nanos, cost.Nanos);
    }

    /// <summary>
    /// True when, with no request in flight since <paramref name="timestamp"/>, this level holds leases it need not keep: concurrency slots (another
    /// silo may need them now) or buckets of past windows (of no more use here).
    /// </summary>
    public bool HoldsLeasesIdleSince(long timestamp) =>
        InFlight == 0 && _idleSince <= timestamp && (_retired.Count > 0 || _slots is { HoldsLease: true });

    /// <summary>
    /// Gives back, while no request is in flight, the concurrency slots and the past windows' buckets (the grain has
    /// been idle for a while). Budgets and current rate windows stay leased: their slices are shares of what is free,
    /// shrinking toward exhaustion, and going back to the ledger for them on every resumed request would cost a round trip.
    /// </summary>
    public Task ReturnIdleAsync(CancellationToken ct) =>
        InFlight != 0 ? Task.CompletedTask : ReturnLeasesAsync(_slots is null ? _retired : _retired.Append(_slots), ct);

    /// <summary>Returns every lease to the ledger (idle deactivation, shutdown). Debits queued so far land first.</summary>
    public Task ReturnAllAsync(CancellationToken ct) => ReturnLeasesAsync(_allotments.Values.Concat(_retired), ct);

    // Returns the leases held among allotments, after the debits queued so far, and forgets the past windows.
    private async Task ReturnLeasesAsync(IEnumerable<QuotaAllotment> allotments, CancellationToken ct)
    {
        var holding = allotments.Where(a => a.HoldsLease).ToList();
        if (holding.Count > 0)
        {
            await context.Spend.FlushAsync().ConfigureAwait(false);
            foreach (var allotment in holding)
            {
                await ledger.ReturnAsync(allotment.Bucket, allotment.Free, ct).ConfigureAwait(false);
                allotment.Cleared();
            }
        }
        _retired.Clear();
    }

    private void SettleAmount(QuotaDimension dimension, long window, long held, long used)
    {
        var allotment = Allotment(dimension, window, create: false);
        // Usage beyond what was held (a provider counting more than the bound) is still spent: debited, never lost.
        Debit(new QuotaBucket(level, dimension, window), used);
        if (allotment is not null && held > used) allotment.Put(held - used);
    }

    private void SettleRate(QuotaDimension dimension, long window, long held, long used)
    {
        var allotment = Allotment(dimension, window, create: false);
        if (allotment is null) return; // a window already retired: what it held counts as used when it goes back
        if (held > used) allotment.Put(held - used);
        else if (used > held) allotment.Consume(used - held);
    }

    private void Debit(QuotaBucket bucket, long amount)
    {
        if (amount > 0) context.Spend.EnqueueDebit(new QuotaDebit(bucket, amount));
    }

    private void PutBack(in Taken taken, Limits limits, Usd? credit, DateTimeOffset at)
    {
        if (taken.Slot) Allotment(QuotaDimension.Slots, 0).Put(1);
        if (taken.Request) Allotment(QuotaDimension.Requests, RateWindow(at), create: false)?.Put(1);
        if (taken.Tokens > 0) Allotment(QuotaDimension.Tokens, RateWindow(at), create: false)?.Put(taken.Tokens);
        if (taken.Budget is { } b) Allotment(QuotaDimension.Budget, BudgetWindow(limits, at), create: false)?.Put(b);
        if (taken.Credit is { } c) Allotment(QuotaDimension.Credit, 0, create: false)?.Put(c);
    }

    private QuotaAllotment Allotment(QuotaDimension dimension, long window) => Allotment(dimension, window, create: true)!;

    /// <summary>The allotment of a dimension's current window; an allotment of an older window is retired (returned at idle).</summary>
    private QuotaAllotment? Allotment(QuotaDimension dimension, long window, bool create)
    {
        if (_allotments.TryGetValue(dimension, out var current))
        {
            if (current.Bucket.WindowStartTicks == window) return current;
            if (current.Bucket.WindowStartTicks > window || !create) return null;
            if (current.HoldsLease) _retired.Add(current);
        }
        else if (!create) return null;
        var fresh = new QuotaAllotment(ledger, new QuotaBucket(level, dimension, window));
        _allotments[dimension] = fresh;
        if (dimension == QuotaDimension.Slots) _slots = fresh;
        return fresh;
    }

    private long FreeOf(QuotaDimension dimension) => _allotments.TryGetValue(dimension, out var a) ? a.Free : long.MaxValue;

    private static int Granted(long taken, CostEstimate estimate, int maxOutputTokens) =>
        estimate.Price.OutputNanosPerToken == 0 ? maxOutputTokens
            : (int)Math.Min(maxOutputTokens, (taken - estimate.PromptCost.Nanos) / estimate.Price.OutputNanosPerToken);

    private long RateWindow(DateTimeOffset at) => at.UtcTicks - at.UtcTicks % context.RateWindow.Ticks;

    private DateTimeOffset RateWindowEnd(DateTimeOffset now) => new(RateWindow(now) + context.RateWindow.Ticks, TimeSpan.Zero);

    private static long BudgetWindow(Limits limits, DateTimeOffset at) =>
        limits.Duration is { } d ? d.WindowStart(limits.BudgetAnchor, at).UtcTicks : 0;

    private Refusal Refuse(RefusalReason reason, TimeSpan retryAfter) => new(reason, "", level, retryAfter);

    private struct Taken
    {
        public bool Slot;
        public bool Request;
        public long Tokens;
        public long? Budget;
        public long? Credit;
    }
}

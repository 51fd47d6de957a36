using Routero.Money;
using Routero.Tenancy;

namespace Routero.Admission;

/// <summary>
/// What an admitted request holds on every level of its chain, and the one way to end it: settle
/// (it ran) or release (it did not). Either happens exactly once.
/// </summary>
public sealed class AdmissionTicket
{
    /// <summary>The most levels a chain has: key, model pin, customer, user, team, organization.</summary>
    public const int MaxLevels = 6;

    // Inline, not two arrays: one object per admitted request instead of three.
    private TicketLevels _levels;
    private TicketHolds _holds;
    private int _count;
    private int _ended;

    /// <summary>Output tokens every level can pay for: the upstream <c>max_tokens</c> must not exceed it.</summary>
    public int GrantedOutputTokens { get; internal set; }

    /// <summary>The tightest remaining budget over the chain after this reservation (null: no budget anywhere).</summary>
    public Usd? RemainingBudget { get; internal set; }

    /// <summary>The tightest remaining requests in the rate window.</summary>
    public int? RemainingRequests { get; internal set; }

    /// <summary>The tightest remaining tokens in the rate window.</summary>
    public long? RemainingTokens { get; internal set; }

    /// <summary>The budget reserved on each level.</summary>
    public Usd Reserved => _count > 0 ? _holds[0].Budget : Usd.Zero;

    /// <summary>True once settled or released.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) == 1;

    internal int Count => _count;

    internal void Add(IAdmissionLevel level, LevelHold hold)
    {
        _levels[_count] = level;
        _holds[_count++] = hold;
    }

    internal IAdmissionLevel Level(int i) => _levels[i];

    internal LevelHold Hold(int i) => _holds[i];

    internal void SetHold(int i, LevelHold hold) => _holds[i] = hold;

    /// <summary>Settles every level at the actual cost (the request ran).</summary>
    public async ValueTask SettleAsync(Usd cost, long tokens)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        for (var i = 0; i < _count; i++) await _levels[i].SettleAsync(_holds[i], cost, tokens).ConfigureAwait(false);
    }

    /// <summary>Releases every level (the request did not run, or failed at no cost).</summary>
    public async ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        for (var i = 0; i < _count; i++) await _levels[i].ReleaseAsync(_holds[i]).ConfigureAwait(false);
    }
}

[System.Runtime.CompilerServices.InlineArray(AdmissionTicket.MaxLevels)]
internal struct TicketLevels
{
    private IAdmissionLevel _first;
}

[System.Runtime.CompilerServices.InlineArray(AdmissionTicket.MaxLevels)]
internal struct TicketHolds
{
    private LevelHold _first;
}

/// <summary>The outcome of admission: a ticket, or the refusal of the first level that said no.</summary>
public readonly record struct AdmissionOutcome(AdmissionTicket? Ticket, RefusalReason Refusal, EntityKind RefusedBy, string RefusedId, TimeSpan RetryAfter)
{
    /// <summary>True when admitted.</summary>
    public bool Admitted => Ticket is not null;
}

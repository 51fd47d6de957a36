using Routero.Money;
using Routero.Tenancy;

namespace Routero.Admission;

/// <summary>One level of a request's chain, as the admission pipeline sees it.</summary>
public interface IAdmissionLevel
{
    /// <summary>Which kind of level.</summary>
    EntityKind Kind { get; }

    /// <summary>The level's id.</summary>
    string Id { get; }

    /// <summary>Tries to admit; on success holds a slot, rate tokens and budget, and may lower the output tokens.</summary>
    ValueTask<LevelAdmission> TryAdmitAsync(CostEstimate estimate, string model, int maxOutputTokens);

    /// <summary>Lowers a hold's reservation to the given amount.</summary>
    ValueTask<LevelHold> ShrinkAsync(LevelHold hold, Usd to);

    /// <summary>Gives back a hold (the request never ran or cost nothing).</summary>
    ValueTask ReleaseAsync(LevelHold hold);

    /// <summary>Settles a hold at the actual cost and tokens, and queues the level's new counters for durability.</summary>
    ValueTask SettleAsync(LevelHold hold, Usd cost, long tokens);
}

/// <summary>One level's answer to an admission request.</summary>
public readonly record struct LevelAdmission(
    RefusalReason Refusal, LevelHold Hold, int GrantedOutputTokens, TimeSpan RetryAfter,
    Usd? RemainingBudget, int? RemainingRequests, long? RemainingTokens);

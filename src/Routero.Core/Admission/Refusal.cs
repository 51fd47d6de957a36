namespace Routero.Admission;

/// <summary>Why a level did not admit a request. Expected refusals are values, not exceptions.</summary>
public enum RefusalReason
{
    /// <summary>Admitted.</summary>
    None = 0,
    /// <summary>The level's budget (window or lifetime credit) cannot pay for the prompt.</summary>
    BudgetExceeded,
    /// <summary>The level's requests-per-minute limit is used up.</summary>
    RequestRateLimited,
    /// <summary>The level's tokens-per-minute limit is used up.</summary>
    TokenRateLimited,
    /// <summary>The level already runs <c>max_parallel_requests</c> requests.</summary>
    ConcurrencyLimited,
    /// <summary>The level is blocked.</summary>
    Blocked,
}

/// <summary>A refusal with what the caller needs to hear: which level, why, and when to retry.</summary>
public readonly record struct Refusal(RefusalReason Reason, string LevelKind, string LevelId, TimeSpan RetryAfter)
{
    /// <summary>True when this is no refusal.</summary>
    public bool IsNone => Reason == RefusalReason.None;
}

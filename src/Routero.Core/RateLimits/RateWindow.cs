namespace Routero.RateLimits;

/// <summary>
/// Requests-per-minute and tokens-per-minute for one level, counted in fixed windows aligned to the
/// window length. Fixed windows (rather than token buckets, which admit up to twice the limit in a
/// sliding minute) give the exact guarantee operators read into "rpm_limit": at most N per window.
/// Tokens are reserved from the request's estimate and corrected to actual usage on settle.
/// Owned by one grain; not thread-safe. A mutable struct kept inline in its level's quota, like
/// <see cref="Budgets.BudgetAccount"/>: use it in place, a copy is a different window.
/// </summary>
public struct RateWindow
{
    /// <summary>The default window: one minute.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromMinutes(1);

    private readonly long _lengthTicks;
    private long _windowStartTicks;
    private long _tokensUsed;
    private long _tokensReserved;
    // A limit is kept as limit + 1, so that 0 (and a default struct) means "no limit".
    private long _tokenLimitPlusOne;
    private int _requestLimitPlusOne;
    private int _requests;

    /// <summary>Creates a window counter with the given window length and no limits.</summary>
    public RateWindow(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        (_lengthTicks, _windowStartTicks) = (length.Ticks, long.MinValue);
    }

    /// <summary>Requests allowed per window; null for no limit.</summary>
    public int? RequestLimit
    {
        readonly get => _requestLimitPlusOne > 0 ? _requestLimitPlusOne - 1 : null;
        set => _requestLimitPlusOne = value is { } v ? Math.Clamp(v, 0, int.MaxValue - 1) + 1 : 0;
    }

    /// <summary>Tokens allowed per window; null for no limit.</summary>
    public long? TokenLimit
    {
        readonly get => _tokenLimitPlusOne > 0 ? _tokenLimitPlusOne - 1 : null;
        set => _tokenLimitPlusOne = value is { } v ? Math.Clamp(v, 0, long.MaxValue - 1) + 1 : 0;
    }

    /// <summary>Admits one request reserving <paramref name="estimatedTokens"/>, or says how long until the next window.</summary>
    public bool TryAcquire(DateTimeOffset now, long estimatedTokens, out TimeSpan retryAfter, out bool tokensExhausted)
    {
        Roll(now);
        retryAfter = TimeSpan.Zero;
        tokensExhausted = false;
        if (RequestLimit is { } rpm && _requests >= rpm)
        {
            retryAfter = UntilNextWindow(now);
            return false;
        }
        // A window with any token room left admits the request: its true size is known only after it ran.
        if (TokenLimit is { } tpm && _tokensUsed + _tokensReserved >= tpm)
        {
            retryAfter = UntilNextWindow(now);
            tokensExhausted = true;
            return false;
        }
        _requests++;
        _tokensReserved += estimatedTokens;
        return true;
    }

    /// <summary>Undoes an acquisition whose request never ran.</summary>
    public void Refund(DateTimeOffset acquiredAt, DateTimeOffset now, long estimatedTokens)
    {
        Roll(now);
        _tokensReserved -= estimatedTokens;
        if (WindowOf(acquiredAt) == _windowStartTicks && _requests > 0) _requests--;
    }

    /// <summary>Replaces a request's token estimate with its actual usage.</summary>
    public void Settle(DateTimeOffset now, long estimatedTokens, long actualTokens)
    {
        Roll(now);
        _tokensReserved -= estimatedTokens;
        _tokensUsed += actualTokens;
    }

    /// <summary>Requests left in the current window, or null when unlimited.</summary>
    public int? RemainingRequests(DateTimeOffset now)
    {
        Roll(now);
        return RequestLimit is { } rpm ? Math.Max(0, rpm - _requests) : null;
    }

    /// <summary>Tokens left in the current window, or null when unlimited.</summary>
    public long? RemainingTokens(DateTimeOffset now)
    {
        Roll(now);
        return TokenLimit is { } tpm ? Math.Max(0, tpm - _tokensUsed - _tokensReserved) : null;
    }

    private readonly TimeSpan UntilNextWindow(DateTimeOffset now) =>
        TimeSpan.FromTicks(_windowStartTicks + _lengthTicks - now.UtcTicks);

    private readonly long WindowOf(DateTimeOffset t) => t.UtcTicks - t.UtcTicks % _lengthTicks;

    private void Roll(DateTimeOffset now)
    {
        var start = WindowOf(now);
        if (start == _windowStartTicks) return;
        _windowStartTicks = start;
        _requests = 0;
        _tokensUsed = 0;
    }
}

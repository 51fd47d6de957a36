using Routero.Errors;
using Routero.Hosting;

namespace Routero.Admin;

/// <summary>What admin reads of spend wait for before they read: every answered request's record.</summary>
internal static class SpendReads
{
    private static readonly ApiError Stalled = new(503,
        "Spend has not been committed for several seconds (the database is down or locked): an answer now would miss requests that were answered. Retry shortly.",
        "api_error", "spend_unavailable") { RetryAfterSeconds = 5 };

    /// <summary>
    /// Waits until the spend queued before the call is durable, at most the writer's wait limit (10 seconds); past it the
    /// read is answered 503 <c>spend_unavailable</c> rather than hanging until the database comes back.
    /// </summary>
    public static async Task FlushAsync(SiloRuntime runtime)
    {
        if (!await runtime.Spend.FlushWithinLimitAsync()) throw new ApiException(Stalled);
    }
}

using Routero.FakeProvider.Capture;

namespace Routero.FakeProvider.Hosting;

/// <summary>Runtime state of one server: immutable settings plus thread-safe counters.</summary>
internal sealed class ProviderState(FakeProviderOptions options, CancellationToken stopping)
{
    private long _requestCount;
    private long _flakyCount;
    private long _completionCount;

    public TimeProvider Time { get; } = options.TimeProvider;

    /// <summary>Null when capture is off, so the hot path pays nothing for it.</summary>
    public RequestLog? Log { get; } = options.CaptureRequests ? new RequestLog() : null;

    /// <summary>The whole expected header value, precomputed so a check is one string comparison.</summary>
    public string? ExpectedAuthorization { get; } =
        options.RequiredApiKey is { } key ? "Bearer " + key : null;

    /// <summary>Fires when the server shuts down, to release requests that would otherwise never end.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public long RequestCount => Interlocked.Read(ref _requestCount);

    public long CountRequest() => Interlocked.Increment(ref _requestCount);

    /// <summary>1-based count of <c>flaky</c> requests; even ones fail.</summary>
    public long NextFlaky() => Interlocked.Increment(ref _flakyCount);

    /// <summary>Distinct number for each completion id.</summary>
    public long NextCompletionId() => Interlocked.Increment(ref _completionCount);

    public long UnixNow() => Time.GetUtcNow().ToUnixTimeSeconds();
}

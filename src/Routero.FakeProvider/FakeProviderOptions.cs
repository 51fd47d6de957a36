namespace Routero.FakeProvider;

/// <summary>Immutable configuration of one <see cref="FakeProviderServer"/>.</summary>
public sealed record FakeProviderOptions
{
    /// <summary>Loopback TCP port to listen on; 0 picks a free ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// When set, every request must carry <c>Authorization: Bearer &lt;RequiredApiKey&gt;</c>
    /// or it is refused with 401 and an OpenAI error body.
    /// </summary>
    public string? RequiredApiKey { get; init; }

    /// <summary>
    /// Keep the last 256 requests for assertions (<see cref="FakeProviderServer.RecentRequests"/>).
    /// Benchmarks turn this off: capturing copies every body into a string.
    /// </summary>
    public bool CaptureRequests { get; init; } = true;

    /// <summary>Clock for <c>created</c> timestamps and <c>slow-MS</c> delays, so tests can control time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

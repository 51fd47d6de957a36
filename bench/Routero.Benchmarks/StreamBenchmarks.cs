using BenchmarkDotNet.Attributes;
using Routero.Benchmarks.Fixtures;
using Routero.Streaming;

namespace Routero.Benchmarks;

/// <summary>
/// SSE usage extraction over a whole stream (25 events, each arriving as its own read, as the fake provider
/// flushes them): usage chunk, content-event count, the position of <c>[DONE]</c>.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    [Benchmark(Description = "scan a 25-event stream")]
    public int ScanStream()
    {
        var scanner = new SseRelayScanner();
        var done = -1;
        foreach (var chunk in Payloads.StreamEvents)
        {
            scanner.Scan(chunk, out var at);
            if (at >= 0) done = at;
        }
        return scanner.Usage is { } usage ? usage.TotalTokens + done : done;
    }
}

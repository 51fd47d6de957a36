using System.Buffers;
using BenchmarkDotNet.Attributes;
using Routero.Benchmarks.Fixtures;
using Routero.Requests;
using Routero.Streaming;

namespace Routero.Benchmarks;

/// <summary>Request body inspection (one forward pass), the model-name splice, and usage from a JSON answer.</summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private readonly ChatRequestInfo _info = new();

    [GlobalSetup]
    public void SetUp() => ChatRequestInspector.InspectChat(Payloads.ChatRequest, _info);

    [Benchmark(Description = "inspect chat body")]
    public RequestError? Inspect() => ChatRequestInspector.InspectChat(Payloads.ChatRequest, new ChatRequestInfo());

    [Benchmark(Description = "rewrite model alias")]
    public int Rewrite()
    {
        _output.ResetWrittenCount();
        RequestRewriter.Rewrite(Payloads.ChatRequest, _info, "echo", null, false, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "usage from JSON answer")]
    public Usage? UsageFromAnswer() => Usage.TryRead(Payloads.ChatResponse, out var usage) ? usage : null;
}

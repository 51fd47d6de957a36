using System.Text;

namespace Routero.Benchmarks.Fixtures;

/// <summary>The request and answers the macro benchmark sends and gets (bench/bodies, the fake provider's wire format).</summary>
public static class Payloads
{
    public static readonly byte[] ChatRequest = File.ReadAllBytes(Find("bench/bodies/chat.json"));

    public static readonly byte[] ChatResponse = """
        {"id":"chatcmpl-fake1","object":"chat.completion","created":1795324196,"model":"echo","system_fingerprint":"fp_fake","choices":[{"index":0,"message":{"role":"assistant","content":"Summarise the benefits of a virtual-actor gateway in one short paragraph, please.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":37,"completion_tokens":21,"total_tokens":58,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}
        """u8.ToArray();

    /// <summary>A whole SSE answer of 21 content events, a finish event, the usage chunk and [DONE], split into its events.</summary>
    public static readonly byte[][] StreamEvents = BuildStream();

    private static byte[][] BuildStream()
    {
        const string head = """{"id":"chatcmpl-fake4","object":"chat.completion.chunk","created":1795324196,"model":"echo","system_fingerprint":"fp_fake","choices":[""";
        var events = new List<string> { "data: " + head + """{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""" };
        for (var i = 0; i < 21; i++)
            events.Add("data: " + head + """{"index":0,"delta":{"content":"abcd"},"logprobs":null,"finish_reason":null}],"usage":null}""");
        events.Add("data: " + head + """{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}""");
        events.Add("data: " + head + """],"usage":{"prompt_tokens":37,"completion_tokens":21,"total_tokens":58}}""");
        events.Add("data: [DONE]");
        return [.. events.Select(e => Encoding.UTF8.GetBytes(e + "\n\n"))];
    }

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}.");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Routero.Bench.Streaming;

/// <summary>
/// Opens streams one after another and times each: time to the first body byte (the first SSE event; wrk
/// only sees completion), time to the end, and the arrival of every read, so that a proxy that holds
/// events back (fewer, later reads) shows. With a model that paces its events (<c>slow-5</c>), every
/// event must arrive as its own read, about 5 ms after the previous one.
/// </summary>
internal static class StreamProbe
{
    private const int WarmUp = 20;

    public static async Task<int> RunAsync(Options options)
    {
        var (count, interval) = (options.Int("count", 200), options.Int("interval-ms", 10));
        var body = $$$"""
            {"model":"{{{options.String("model")}}}","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the benefits of a virtual-actor gateway in one short paragraph, please."}],"user":"bench-customer","stream":true,"stream_options":{"include_usage":true}}
            """;
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(options.String("url")) };
        if (options.Optional("key") is { } key) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var samples = new List<StreamSample>(count);
        for (var i = 0; i < count + WarmUp; i++)
        {
            var sample = await OneAsync(http, body);
            if (i >= WarmUp) samples.Add(sample);
            await Task.Delay(interval);
        }
        Print(samples);
        return samples.All(s => s.Complete) ? 0 : 1;
    }

    private static async Task<StreamSample> OneAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = content };
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var reads = new List<double>();
        var tail = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            reads.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            tail.Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (tail.Length > 4096) tail.Remove(0, tail.Length - 4096);
        }
        var text = tail.ToString();
        return new StreamSample(reads.Count > 0 ? reads[0] : double.NaN, reads.Count > 0 ? reads[^1] : double.NaN, [.. reads],
            text.Contains("data: [DONE]", StringComparison.Ordinal) && text.Contains("\"usage\":{", StringComparison.Ordinal));
    }

    private static void Print(List<StreamSample> samples)
    {
        var gaps = samples.SelectMany(s => s.Reads.Zip(s.Reads.Skip(1), (a, b) => b - a)).ToArray();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"STREAMS count={samples.Count} ttfb_p50={Percentile(samples.Select(s => s.FirstByte), 50):0} "
            + $"ttfb_p99={Percentile(samples.Select(s => s.FirstByte), 99):0} total_p50={Percentile(samples.Select(s => s.Done), 50):0} "
            + $"reads_p50={Percentile(samples.Select(s => (double)s.Reads.Length), 50):0} gap_p50={Percentile(gaps, 50):0} "
            + $"complete={samples.Count(s => s.Complete)}");
        Console.WriteLine(line);
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    private sealed record StreamSample(double FirstByte, double Done, double[] Reads, bool Complete);
}

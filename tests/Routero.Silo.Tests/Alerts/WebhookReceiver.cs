using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Routero.Silo.Tests.Alerts;

/// <summary>How the receiver answers one request to a path.</summary>
public enum Reply
{
    /// <summary>200 "ok", as Slack answers.</summary>
    Ok,
    /// <summary>500.</summary>
    Fail500,
    /// <summary>404, as Slack answers a deleted hook.</summary>
    Fail404,
    /// <summary>Never answers (until the client gives up).</summary>
    Hang,
    /// <summary>Answers 200 only once the test releases the path.</summary>
    HangUntilReleased,
}

/// <summary>
/// A webhook endpoint for tests: a real Kestrel server on 127.0.0.1 that records every request it gets and answers
/// each path as scripted (200 once the script is used up).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _releases = new();
    private readonly ConcurrentQueue<Received> _received = new();

    private WebhookReceiver(WebApplication app, Uri baseAddress) => (_app, BaseAddress) = (app, baseAddress);

    public Uri BaseAddress { get; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(http => receiver!.HandleAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/"));
        return receiver;
    }

    /// <summary>The URL of a path.</summary>
    public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();

    /// <summary>How the next requests to <paramref name="path"/> are answered, in order.</summary>
    public void Script(string path, params Reply[] replies)
    {
        var queue = _scripts.GetOrAdd(Normalize(path), _ => new ConcurrentQueue<Reply>());
        foreach (var reply in replies) queue.Enqueue(reply);
    }

    /// <summary>Lets the requests held by <see cref="Reply.HangUntilReleased"/> on <paramref name="path"/> answer 200.</summary>
    public void Release(string path) => Gate(path).TrySetResult();

    /// <summary>Every request to the path so far, answered or not.</summary>
    public IReadOnlyList<Received> Attempts(string path) => [.. _received.Where(r => r.Path == Normalize(path))];

    /// <summary>The bodies answered 200 on the path so far.</summary>
    public IReadOnlyList<JsonObject> Delivered(string path) =>
        [.. _received.Where(r => r.Path == Normalize(path) && r.Answered == HttpStatusCode.OK).Select(r => JsonNode.Parse(r.Body)!.AsObject())];

    /// <summary>Waits (bounded: 30 s, polling) until the path got <paramref name="count"/> deliveries, and returns them.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForDeliveredAsync(string path, int count)
    {
        await WaitUntilAsync(() => Delivered(path).Count >= count, $"{count} deliveries to {path}");
        return Delivered(path);
    }

    /// <summary>Waits (bounded: 30 s, polling) until <paramref name="condition"/> holds, else fails the test.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = Normalize(http.Request.Path.Value ?? "/");
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var reply = _scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted) ? scripted : Reply.Ok;
        var received = new Received(path, body, http.Request.Headers["X-Routero-Alert-Id"].ToString(), http.Request.ContentType);
        _received.Enqueue(received);
        try
        {
            if (reply == Reply.Hang) await Task.Delay(Timeout.Infinite, http.RequestAborted);
            if (reply == Reply.HangUntilReleased) await Gate(path).Task.WaitAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the sender gave up on this attempt
        }
        var status = reply switch { Reply.Fail500 => HttpStatusCode.InternalServerError, Reply.Fail404 => HttpStatusCode.NotFound, _ => HttpStatusCode.OK };
        // Recorded before the answer leaves, so a test that hears of the delivery from the silo finds it here.
        received.Answered = status;
        http.Response.StatusCode = (int)status;
        await http.Response.WriteAsync(status == HttpStatusCode.OK ? "ok" : "no_service");
    }

    private TaskCompletionSource Gate(string path) =>
        _releases.GetOrAdd(Normalize(path), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static string Normalize(string path) => "/" + path.TrimStart('/');

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _releases.Values) gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the receiver got.</summary>
public sealed class Received(string path, string body, string alertId, string? contentType)
{
    public string Path { get; } = path;
    public string Body { get; } = body;
    public string AlertId { get; } = alertId;
    public string? ContentType { get; } = contentType;
    private volatile object? _answered;

    /// <summary>The status it was answered with; null while unanswered (or never answered).</summary>
    public HttpStatusCode? Answered
    {
        get => (HttpStatusCode?)_answered;
        set => _answered = value;
    }
}

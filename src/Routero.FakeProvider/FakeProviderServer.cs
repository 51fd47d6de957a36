using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Routero.FakeProvider.Hosting;

namespace Routero.FakeProvider;

/// <summary>
/// A fake LLM provider: a real Kestrel server on 127.0.0.1 speaking the OpenAI Chat Completions,
/// Embeddings and Models wire format, whose behaviour is picked by the request's model name.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly ProviderState _state;

    private FakeProviderServer(WebApplication app, ProviderState state, int port)
    {
        _app = app;
        _state = state;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/");
    }

    /// <summary>
    /// <c>http://127.0.0.1:PORT/v1/</c>. Use it as the OpenAI SDK's endpoint, or as an
    /// <see cref="HttpClient.BaseAddress"/> with relative paths such as <c>chat/completions</c>.
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>The bound TCP port (the ephemeral one when the options asked for 0).</summary>
    public int Port { get; }

    /// <summary>Requests received so far, answered or not.</summary>
    public long RequestCount => _state.RequestCount;

    /// <summary>The last 256 requests, oldest first; empty when capture is off.</summary>
    public IReadOnlyList<CapturedRequest> RecentRequests => _state.Log?.Snapshot() ?? [];

    /// <summary>Starts listening; the returned server is ready for requests.</summary>
    public static async Task<FakeProviderServer> StartAsync(FakeProviderOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownGrace);

        var app = builder.Build();
        var state = new ProviderState(options, app.Lifetime.ApplicationStopping);
        app.Run(new RequestDispatcher(state).HandleAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            // E.g. the port is taken: don't leak the host that failed to start.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeProviderServer(app, state, new Uri(address).Port);
    }

    /// <summary>Forgets the captured requests (the request count is kept).</summary>
    public void ClearCaptured() => _state.Log?.Clear();

    /// <summary>Stops listening, releases hanging requests and frees the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

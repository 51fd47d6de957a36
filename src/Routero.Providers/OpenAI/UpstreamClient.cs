using System.Net;
using System.Net.Http.Headers;
using Routero.Routing;

namespace Routero.OpenAI;

/// <summary>
/// Sends requests to OpenAI-compatible upstreams over one pooled <see cref="SocketsHttpHandler"/>:
/// connections are reused across requests and recycled every few minutes so DNS changes are seen.
/// </summary>
/// <remarks>
/// An <see cref="HttpMessageInvoker"/>, not an <see cref="HttpClient"/>: the relay brings its own timeout and
/// cancellation, and what HttpClient adds on top (a linked cancellation source per request for its own timeout and
/// its <c>CancelPendingRequests</c>, and one more async frame) cost about 400 bytes and a registration per call. The
/// handler answers at the response headers, as <see cref="HttpCompletionOption.ResponseHeadersRead"/> did.
/// </remarks>
public sealed class UpstreamClient : IDisposable
{
    private readonly HttpMessageInvoker _http;

    /// <summary>Creates the client and its connection pool.</summary>
    public UpstreamClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = int.MaxValue,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="endpoint"/> (one of the deployment's provider's) and returns
    /// as soon as the response headers arrive (the body is read by the caller, as it streams).
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(Deployment deployment, Uri endpoint, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ReadOnlyMemoryContent(body),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = JsonContentType;
        if (deployment.Provider.ApiKey is { } key)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _http.SendAsync(request, ct);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
}

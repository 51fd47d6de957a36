using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Routero.Alerts;

/// <summary>
/// One delivery attempt: a POST with a timeout, answered as a value (<see cref="AttemptOutcome"/>), never thrown.
/// Redirects are not followed and, unless <see cref="AlertOptions.AllowPrivateNetworks"/>, connections go only to
/// public addresses, checked after the name is resolved (a public name that resolves to 10.0.0.1 is refused too).
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender and its connection pool.</summary>
    public WebhookSender(AlertOptions options, TimeProvider time)
    {
        (_options, _time) = (options, time);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.AttemptTimeout,
            UseCookies = false,
        };
        if (!options.AllowPrivateNetworks) handler.ConnectCallback = ConnectToPublicAsync;
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Routero-Alerts", "1"));
    }

    /// <summary>Posts the body once.</summary>
    public async Task<AttemptOutcome> SendAsync(AlertDelivery delivery, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Destination.Url) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Routero-Alert-Id", delivery.AlertId);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299) return AttemptOutcome.Delivered;
            // Slack answers 4xx for a revoked, archived or malformed hook: trying again cannot help.
            var transient = status is 408 or 425 or 429 or >= 500;
            return new AttemptOutcome(transient ? AttemptResult.Retry : AttemptResult.Rejected, $"HTTP {status}", RetryAfter(response));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptOutcome(AttemptResult.Retry, $"no answer within {_options.AttemptTimeoutMs} ms");
        }
        catch (HttpRequestException e) when (e.InnerException is PrivateAddressException)
        {
            return new AttemptOutcome(AttemptResult.Rejected, "the host resolves to private addresses only");
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome(AttemptResult.Retry, $"{e.HttpRequestError}");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero ? delta : null;

    private static async ValueTask<Stream> ConnectToPublicAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(a => !PrivateAddresses.Contains(a)).ToArray();
        if (allowed.Length == 0) throw new PrivateAddressException();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private sealed class PrivateAddressException() : IOException("The webhook's host resolves to private addresses only.");
}

/// <summary>How one attempt ended.</summary>
internal enum AttemptResult
{
    /// <summary>2xx.</summary>
    Delivered,
    /// <summary>A failure worth another attempt: 5xx, 429, 408, a timeout, a broken connection.</summary>
    Retry,
    /// <summary>A refusal another attempt would meet again (4xx, a forbidden address).</summary>
    Rejected,
}

/// <summary>The outcome of one attempt, with why it failed and how long the receiver asked to wait.</summary>
internal readonly record struct AttemptOutcome(AttemptResult Result, string? Reason = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Delivered.</summary>
    public static readonly AttemptOutcome Delivered = new(AttemptResult.Delivered);
}

/// <summary>One alert for one destination.</summary>
internal sealed record AlertDelivery(string OrganizationId, AlertDestination Destination, string AlertId, byte[] Body)
{
    /// <summary>Deliveries to one destination go one after another, in order; different destinations never wait for each other.</summary>
    public string Lane => $"{OrganizationId}|{Destination.Label}";
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Routero.Bench.Hop;

/// <summary>
/// The floor of a .NET proxy hop: Kestrel in front of a pooled <see cref="HttpClient"/>, the same two
/// components the silo relays with, and nothing else (no authentication, admission or accounting). Every
/// upstream read is written and flushed at once, as the silo does. Set beside nginx and the silo, it shows
/// how much of the silo's cost is the .NET hop itself and how much is Routero's.
/// </summary>
internal static class PlainHop
{
    public static async Task<int> RunAsync(Options options)
    {
        var upstream = new Uri(options.String("upstream"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Int("port", 0));
        });
        await using var app = builder.Build();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        app.MapPost("/v1/{**path}", (HttpContext context, string path) => RelayAsync(context, http, new Uri(upstream, path)));
        await app.RunAsync();
        return 0;
    }

    private static async Task RelayAsync(HttpContext context, HttpClient http, Uri target)
    {
        var body = new MemoryStream((int)(context.Request.ContentLength ?? 4096));
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new ReadOnlyMemoryContent(body.GetBuffer().AsMemory(0, (int)body.Length)),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        if (response.Content.Headers.ContentLength is { } length) context.Response.ContentLength = length;
        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
            await context.Response.BodyWriter.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
    }
}

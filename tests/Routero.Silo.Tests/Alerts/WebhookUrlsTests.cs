using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Routero.Alerts;

namespace Routero.Silo.Tests.Alerts;

public sealed class WebhookUrlsTests
{
    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/X")]
    [InlineData("http://alerts.example.com:8080/hook?x=1")]
    public void Problem_PublicHttpUrl_IsNone(string url)
    {
        Assert.Null(WebhookUrls.Problem(url, allowPrivateNetworks: false));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public void Problem_PrivateAddress_IsRefused_UnlessAllowed(string url)
    {
        Assert.Equal("must not point to a loopback, private or link-local address", WebhookUrls.Problem(url, allowPrivateNetworks: false));
        Assert.Null(WebhookUrls.Problem(url, allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative")]
    [InlineData("example.com/hook")]
    [InlineData("https://user:secret@example.com/hook")]
    public void Problem_NotAnAbsoluteHttpUrlWithoutCredentials_IsRefused(string url)
    {
        Assert.NotNull(WebhookUrls.Problem(url, allowPrivateNetworks: true));
    }

    [Fact]
    public void Problem_TooLong_IsRefused()
    {
        Assert.Equal("must be at most 2048 characters", WebhookUrls.Problem("https://example.com/" + new string('a', 2048), allowPrivateNetworks: false));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T000/B000/abcdefWXYZ", "https://hooks.slack.com/...WXYZ")]
    [InlineData("http://127.0.0.1:5000/short", "http://127.0.0.1:5000/...")]
    [InlineData("https://example.com", "https://example.com/...")]
    public void Mask_KeepsOnlyTheHostAndTheLastFourCharacters(string url, string masked)
    {
        Assert.Equal(masked, WebhookUrls.Mask(url));
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("100.63.255.255", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("172.15.255.255", false)]
    [InlineData("172.31.255.255", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("fe80::1", true)]
    [InlineData("ff02::1", true)]
    public void PrivateAddresses_Contains_TheReservedRangesOnly(string address, bool isPrivate)
    {
        Assert.Equal(isPrivate, PrivateAddresses.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData(1, 50, 100)]
    [InlineData(2, 100, 200)]
    [InlineData(3, 200, 400)]
    [InlineData(10, 500, 1000)]
    public void Backoff_DoublesPerAttempt_WithJitter_UpToTheCap(int attempt, int minMs, int maxMs)
    {
        var options = new AlertOptions { RetryBaseDelayMs = 100, RetryMaxDelayMs = 1000 };
        using var sender = new WebhookSender(options, TimeProvider.System);
        var sut = new AlertDispatcher(sender, options, new AlertStats(), TimeProvider.System, NullLogger<AlertDispatcher>.Instance);

        for (var i = 0; i < 100; i++)
            Assert.InRange(sut.Backoff(attempt, null).TotalMilliseconds, minMs, maxMs);
    }

    [Fact]
    public void Backoff_RetryAfter_IsHonouredUpToTheCap()
    {
        var options = new AlertOptions { RetryBaseDelayMs = 100, RetryMaxDelayMs = 1000 };
        using var sender = new WebhookSender(options, TimeProvider.System);
        var sut = new AlertDispatcher(sender, options, new AlertStats(), TimeProvider.System, NullLogger<AlertDispatcher>.Instance);

        Assert.Equal(TimeSpan.FromMilliseconds(700), sut.Backoff(1, TimeSpan.FromMilliseconds(700)));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), sut.Backoff(1, TimeSpan.FromSeconds(30)));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Routero.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Routero.Cluster.Tests;

/// <summary>SCIM deprovisioning through one silo is enforced by every silo, and so is re-provisioning.</summary>
[Collection(PropagationCollection.Name)]
public sealed class ScimClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UserDeactivated_Through_SiloA_IsRefused_By_B_WithinOneSecond_AndReactivated_Likewise()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 2);
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var org = (await TestCluster.AdminAsync(a, "/organization/new", new { organization_alias = "scim" }))["organization_id"]!.GetValue<string>();
        var token = (await TestCluster.AdminAsync(a, "/organization/scim_token", new { organization_id = org }))["scim_token"]!.GetValue<string>();
        using var scim = new HttpClient { BaseAddress = new Uri(a.BaseAddress, "scim/v2/") };
        scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var userName = $"ada.{Guid.NewGuid():N}@example.test";
        var created = await SendAsync(scim, HttpMethod.Post, "Users",
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","active":true}""");
        var userId = created["id"]!.GetValue<string>();
        var key = (await TestCluster.AdminAsync(a, "/key/generate", new { user_id = userId }))["key"]!.GetValue<string>();
        using var onB = b.ClientFor(key);
        using (var warm = await onB.GetAsync("v1/models")) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        // One unmeasured PATCH first, so the measured ones time the change's propagation, not the first-call
        // compilation of the SCIM path.
        await SendAsync(scim, HttpMethod.Patch, $"Users/{userId}", Active(true));

        var clock = Stopwatch.StartNew();
        await SendAsync(scim, HttpMethod.Patch, $"Users/{userId}", Active(false));
        var patched = clock.Elapsed;
        var refused = await UntilAsync(onB, HttpStatusCode.Unauthorized, clock);
        clock.Restart();
        await SendAsync(scim, HttpMethod.Patch, $"Users/{userId}", Active(true));
        var repatched = clock.Elapsed;
        var admitted = await UntilAsync(onB, HttpStatusCode.OK, clock);

        output.WriteLine($"silo B refused the key {refused.TotalMilliseconds:0} ms after the deactivation (silo A answered the PATCH in {patched.TotalMilliseconds:0} ms), " +
                         $"admitted it {admitted.TotalMilliseconds:0} ms after the reactivation (PATCH {repatched.TotalMilliseconds:0} ms)");
        Assert.True(refused < TimeSpan.FromSeconds(1), $"refused after {refused.TotalMilliseconds:0} ms");
        Assert.True(admitted < TimeSpan.FromSeconds(1), $"admitted after {admitted.TotalMilliseconds:0} ms");
    }

    private static string Active(bool active) =>
        $$$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":{{{(active ? "true" : "false")}}}}}]}""";

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/scim+json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls the relay (bounded: 10 s) until it answers <paramref name="status"/>; returns when it did.</summary>
    private static async Task<TimeSpan> UntilAsync(HttpClient client, HttpStatusCode status, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await client.GetAsync("v1/models");
            if (response.StatusCode == status) return clock.Elapsed;
            await Task.Delay(10);
        }
        return TimeSpan.MaxValue;
    }
}

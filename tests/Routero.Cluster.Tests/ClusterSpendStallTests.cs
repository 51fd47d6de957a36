using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Routero.Cluster.Tests.Infrastructure;

namespace Routero.Cluster.Tests;

/// <summary>
/// A cluster silo whose spend batches cannot commit (another session holds a lock on <c>spend_logs</c>): its answers,
/// which always wait for the commit, are given after the wait limit rather than failed, new requests are refused
/// before they reach a provider, and once the lock goes every answered request is in the log and no refused one is.
/// </summary>
public sealed class ClusterSpendStallTests
{
    private static object Chat() => new { model = "test/exact", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } };

    [Fact]
    public async Task SpendLogLocked_RunningRequestsAreAnsweredAndCharged_NewOnesRefusedAndFree()
    {
        await using var cluster = await TestCluster.StartAsync(silos: 1);
        var silo = cluster.Silos[0];
        var key = await cluster.CreateKeyAsync(new { max_budget = 100.0 });
        using var client = silo.ClientFor(key);
        async Task<(HttpStatusCode Status, string Id, string Body)> CallAsync()
        {
            using var response = await client.PostAsJsonAsync("v1/chat/completions", Chat());
            return (response.StatusCode, response.Headers.GetValues("x-request-id").Single(), await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await CallAsync()).Status);

        var answered = new List<string>();
        var refused = new List<string>();
        await using (var blocker = new NpgsqlConnection(cluster.Database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE spend_logs IN EXCLUSIVE MODE;", blocker))
                await begin.ExecuteNonQueryAsync();

            // Requests already running when spend stops committing: each waits for its batch's commit, at most the
            // writer's wait limit (10 s), and is then answered: it ran, and is charged once the log takes it.
            var started = Stopwatch.StartNew();
            var running = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CallAsync()));
            Assert.All(running, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.True(started.Elapsed >= TimeSpan.FromSeconds(9), $"answered after {started.Elapsed}, before the wait limit");
            answered.AddRange(running.Select(r => r.Id));

            // Past the stall limit (5 s) new requests are refused before they reach the provider; the silo is not ready.
            var upstreamCalls = cluster.Upstream.RequestCount;
            var late = await CallAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, late.Status);
            Assert.Equal("spend_unavailable", JsonNode.Parse(late.Body)!["error"]!["code"]!.GetValue<string>());
            refused.Add(late.Id);
            Assert.Equal(upstreamCalls, cluster.Upstream.RequestCount);
            using (var ready = await silo.Admin.GetAsync("health/ready"))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

            await using var rollback = new NpgsqlCommand("ROLLBACK;", blocker);
            await rollback.ExecuteNonQueryAsync();
        }

        var admitted = false;
        for (var i = 0; i < 100 && !admitted; i++)
        {
            using var ready = await silo.Admin.GetAsync("health/ready");
            admitted = ready.StatusCode == HttpStatusCode.OK;
            if (!admitted) await Task.Delay(100);
        }
        Assert.True(admitted, "the silo did not become ready once the lock was gone");
        var after = await CallAsync();
        Assert.Equal(HttpStatusCode.OK, after.Status);
        answered.Add(after.Id);

        foreach (var id in answered)
            Assert.Equal(1, await cluster.Database.ScalarAsync<long>($"SELECT count(*) FROM spend_logs WHERE request_id = '{id}'"));
        foreach (var id in refused)
            Assert.Equal(0, await cluster.Database.ScalarAsync<long>($"SELECT count(*) FROM spend_logs WHERE request_id = '{id}'"));
        // test/exact: each answered request costs exactly $0.001; the first one too.
        Assert.Equal((answered.Count + 1) * 1_000_000L, await cluster.Database.ScalarAsync<long>("SELECT COALESCE(SUM(spend_nanos), 0) FROM spend_logs"));
    }
}

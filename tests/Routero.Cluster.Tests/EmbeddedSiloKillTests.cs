using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Routero.Cluster.Tests.Infrastructure;
using Routero.FakeProvider;
using Xunit.Abstractions;

namespace Routero.Cluster.Tests;

/// <summary>
/// The embedded silo (SQLite) answers once a request's spend is in its journal, before the group commit: a SIGKILL
/// in the middle of load must still lose no answered request's spend, and the next start must account for it all.
/// </summary>
public sealed class EmbeddedSiloKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"routero-embedded-kill-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private static object Chat() => new { model = "test/echo", messages = new[] { new { role = "user", content = "hello there" } } };

    [Fact]
    public async Task EmbeddedSiloKilled_MidLoad_LosesNoAnsweredSpend_AndRestartsWithIt()
    {
        await using var upstream = await FakeProviderServer.StartAsync(new FakeProviderOptions { CaptureRequests = false });
        var environment = new Dictionary<string, string>
        {
            ["Routero__Storage__Kind"] = "sqlite",
            ["Routero__Storage__DataDirectory"] = _data,
            ["Routero__Providers__0__Name"] = "upstream",
            ["Routero__Providers__0__BaseUrl"] = upstream.BaseAddress.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        TestCluster.AddModel(environment, 0, "test/echo", "echo", 1m, 1m);
        var silo = await SiloProcess.StartAsync("embedded", environment);
        string key;
        var uncommitted = 0;
        var answered = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            var org = await TestCluster.AdminAsync(silo, "/organization/new", new { organization_alias = "org", max_budget = 100.0 });
            var team = await TestCluster.AdminAsync(silo, "/team/new", new { team_alias = "team", organization_id = org["organization_id"]!.GetValue<string>(), max_budget = 100.0 });
            key = (await TestCluster.AdminAsync(silo, "/key/generate", new { team_id = team["team_id"]!.GetValue<string>(), max_budget = 100.0, rpm_limit = 1_000_000 }))["key"]!.GetValue<string>();
            using var client = silo.ClientFor(key);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var load = Enumerable.Range(0, 20).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync("v1/chat/completions", Chat(), stop.Token);
                        // Read the whole answer first: a 2xx whose body was cut by the kill was not an answer.
                        await response.Content.ReadAsStringAsync(stop.Token);
                        if (response.IsSuccessStatusCode) answered.Add(response.Headers.GetValues("x-request-id").Single());
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException) { return; }
                }
            }).ToArray();
            while (answered.Count < 300 && !stop.IsCancellationRequested) await Task.Delay(10);
            // Another process takes SQLite's write lock (as a backup tool might): the silo's commits wait and retry, and up
            // to the writer's backlog bound (64 records waiting) its answers do not, so those answers exist only in the
            // journal when the kill comes.
            using (var blocker = new SqliteConnection($"Data Source={Path.Combine(_data, "routero.db")};Default Timeout=30;Pooling=False"))
            {
                blocker.Open();
                using (var begin = blocker.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE;";
                    begin.ExecuteNonQuery();
                }
                var locked = answered.Count;
                while (answered.Count < locked + 40 && !stop.IsCancellationRequested) await Task.Delay(10);
                uncommitted = answered.Count - locked;
                silo.Kill();
                await Task.WhenAll(load);
                using var rollback = blocker.CreateCommand();
                rollback.CommandText = "ROLLBACK;";
                rollback.ExecuteNonQuery();
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }

        // The same data directory, a new process: it writes what the journal holds before it admits anything.
        await using var restarted = await SiloProcess.StartAsync("embedded-2", environment);
        var logged = new Dictionary<string, decimal>();
        for (var page = 1; ; page++)
        {
            var body = JsonNode.Parse(await restarted.Admin.GetStringAsync($"spend/logs?api_key={key}&page_size=500&page={page}"))!;
            foreach (var row in body["data"]!.AsArray()) logged[row!["request_id"]!.GetValue<string>()] = row["spend"]!.GetValue<decimal>();
            if (page >= body["total_pages"]!.GetValue<int>()) break;
        }
        var info = JsonNode.Parse(await restarted.Admin.GetStringAsync($"key/info?key={key}"))!;
        var ids = answered.ToArray();
        var recovery = restarted.Output.Split('\n').FirstOrDefault(l => l.Contains("from the spend journal", StringComparison.Ordinal))?.Trim();
        output.WriteLine($"{ids.Length} requests answered 2xx before SIGKILL, {uncommitted} of them while the database was locked; " +
            $"{ids.Count(logged.ContainsKey)} of them in the spend log ({logged.Count} records in all); recovery: {recovery ?? "(nothing)"}");
        Assert.True(uncommitted >= 40, $"only {uncommitted} answers came while the database was locked");
        Assert.NotNull(recovery);
        Assert.All(ids, id => Assert.True(logged.ContainsKey(id), $"answered request {id} has no spend record"));
        // The key's budget counter agrees with its log to the nanodollar, recovered records included.
        Assert.Equal(logged.Values.Sum(), info["info"]!["spend"]!.GetValue<decimal>());
    }
}

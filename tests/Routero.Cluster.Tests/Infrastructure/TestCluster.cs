using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Routero.FakeProvider;

namespace Routero.Cluster.Tests.Infrastructure;

/// <summary>
/// Three silo processes sharing one fresh PostgreSQL database and one fake provider (a real HTTP server in the
/// test process). Models: <c>test/echo</c> (1 USD per million tokens) and <c>test/exact</c> (always 10
/// completion tokens at 100 USD per million, prompt free: a request costs exactly $0.001, and reserves
/// exactly that with max_tokens 10).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(TestDatabase database, FakeProviderServer upstream, Dictionary<string, string> environment, List<SiloProcess> silos)
        => (Database, Upstream, Environment, Silos) = (database, upstream, environment, silos);

    public TestDatabase Database { get; }
    public FakeProviderServer Upstream { get; }
    public Dictionary<string, string> Environment { get; }
    public List<SiloProcess> Silos { get; }

    public static async Task<TestCluster> StartAsync(int silos = 3, Action<Dictionary<string, string>>? configure = null)
    {
        var database = await TestDatabase.CreateAsync();
        var upstream = await FakeProviderServer.StartAsync(new FakeProviderOptions { CaptureRequests = false });
        var environment = new Dictionary<string, string>
        {
            ["Routero__Storage__Kind"] = "postgres",
            ["Routero__Storage__ConnectionString"] = database.ConnectionString,
            ["Routero__Cluster__HeartbeatSeconds"] = "1",
            ["Routero__Cluster__DeadAfterSeconds"] = "5",
            ["Routero__Cluster__LeaseSeconds"] = "6",
            ["Routero__Cluster__ChangePollSeconds"] = "1",
            ["Routero__DrainSeconds"] = "10",
            ["Routero__Providers__0__Name"] = "upstream",
            ["Routero__Providers__0__BaseUrl"] = upstream.BaseAddress.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        AddModel(environment, 0, "test/echo", "echo", 1m, 1m);
        AddModel(environment, 1, "test/exact", "tokens-10", 0m, 100m);
        configure?.Invoke(environment);
        var started = await Task.WhenAll(Enumerable.Range(0, silos).Select(i => SiloProcess.StartAsync($"silo-{(char)('a' + i)}", environment)));
        return new TestCluster(database, upstream, environment, [.. started]);
    }

    /// <summary>Declares model <paramref name="i"/> (0 and 1 are the defaults), served by the fake upstream's <paramref name="model"/>.</summary>
    public static void AddModel(Dictionary<string, string> env, int i, string alias, string model, decimal inPrice, decimal outPrice)
    {
        env[$"Routero__Models__{i}__Alias"] = alias;
        env[$"Routero__Models__{i}__Deployments__0__Provider"] = "upstream";
        env[$"Routero__Models__{i}__Deployments__0__Model"] = model;
        env[$"Routero__Models__{i}__Deployments__0__InputCostPerMillion"] = inPrice.ToString(CultureInfo.InvariantCulture);
        env[$"Routero__Models__{i}__Deployments__0__OutputCostPerMillion"] = outPrice.ToString(CultureInfo.InvariantCulture);
        env[$"Routero__Models__{i}__Deployments__0__MaxOutputTokens"] = "1000";
    }

    /// <summary>POSTs to an admin route of one silo and returns the answer, failing on a non-2xx status.</summary>
    public static async Task<JsonObject> AdminAsync(SiloProcess silo, string path, object body)
    {
        using var response = await silo.Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} on {silo.Name} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Creates org → team → key through silo A with the given key fields and returns the key.</summary>
    public async Task<string> CreateKeyAsync(object keyFields)
    {
        var a = Silos[0];
        var org = await AdminAsync(a, "/organization/new", new { organization_alias = "org" });
        var team = await AdminAsync(a, "/team/new", new { team_alias = "team", organization_id = org["organization_id"]!.GetValue<string>() });
        var fields = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(keyFields))!.AsObject();
        fields["team_id"] = team["team_id"]!.GetValue<string>();
        return (await AdminAsync(a, "/key/generate", fields))["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Silos.Select(s => s.DisposeAsync().AsTask()));
        await Upstream.DisposeAsync();
        await Database.DisposeAsync();
    }
}

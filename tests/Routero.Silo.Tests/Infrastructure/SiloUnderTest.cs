using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Routero.FakeProvider;
using Routero.Hosting;

namespace Routero.Silo.Tests.Infrastructure;

/// <summary>
/// A real silo on a loopback port, with its own SQLite file, a fake provider that is a real HTTP server,
/// and a clock the test controls. Every test that needs isolation starts its own.
/// </summary>
public sealed class SiloUnderTest : IAsyncDisposable
{
    public const string MasterKey = "sk-master-test-0123456789";

    private readonly WebApplication _app;

    private SiloUnderTest(WebApplication app, FakeProviderServer upstream, FakeTime time, string dataDirectory, Uri baseAddress)
    {
        (_app, Upstream, Time, DataDirectory, BaseAddress) = (app, upstream, time, dataDirectory, baseAddress);
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MasterKey);
    }

    /// <summary>The silo's root, e.g. http://127.0.0.1:5123/.</summary>
    public Uri BaseAddress { get; }
    /// <summary>The fake upstream.</summary>
    public FakeProviderServer Upstream { get; }
    /// <summary>The silo's clock.</summary>
    public FakeTime Time { get; }
    /// <summary>Where the SQLite file lives.</summary>
    public string DataDirectory { get; }
    /// <summary>A client authenticated with the master key.</summary>
    public HttpClient Admin { get; }
    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _app.Services;
    /// <summary>Keep the SQLite file when disposed (restart tests).</summary>
    public bool KeepDataOnDispose { get; set; }
    /// <summary>The silo's runtime.</summary>
    public SiloRuntime Runtime => _app.Services.GetRequiredService<SiloRuntime>();

    /// <summary>
    /// Starts a silo. Models: <c>test/echo</c> (1 USD per million tokens in and out), <c>test/priced</c>
    /// (10,000 USD per million: one cent per token, for budgets that bite), <c>test/budget</c> (200 USD per million),
    /// <c>test/slow</c> (300 ms), <c>test/slower</c> (2 s), <c>test/flaky</c>,
    /// <c>test/error-500</c>, <c>test/hang</c>, <c>test/tokens-N</c> aliases, <c>eu/echo</c> (region eu), <c>test/fallback</c>.
    /// </summary>
    public static async Task<SiloUnderTest> StartAsync(Action<Dictionary<string, string?>>? configure = null, string? dataDirectory = null,
        Action<IServiceCollection>? services = null)
    {
        var upstream = await FakeProviderServer.StartAsync(new FakeProviderOptions { RequiredApiKey = "sk-upstream-secret" });
        Environment.SetEnvironmentVariable("ROUTERO_TEST_UPSTREAM_KEY", "sk-upstream-secret");
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "routero-test-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Routero:MasterKey"] = MasterKey,
            ["Routero:Storage:DataDirectory"] = data,
            ["Routero:Storage:FullSync"] = "false",
            ["Routero:Providers:0:Name"] = "upstream",
            ["Routero:Providers:0:BaseUrl"] = upstream.BaseAddress.ToString(),
            ["Routero:Providers:0:ApiKeyEnv"] = "ROUTERO_TEST_UPSTREAM_KEY",
            ["Routero:Providers:0:TimeoutSeconds"] = "5",
            ["Routero:Providers:1:Name"] = "dead",
            ["Routero:Providers:1:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Routero:Providers:2:Name"] = "impatient",
            ["Routero:Providers:2:BaseUrl"] = upstream.BaseAddress.ToString(),
            ["Routero:Providers:2:ApiKeyEnv"] = "ROUTERO_TEST_UPSTREAM_KEY",
            ["Routero:Providers:2:TimeoutSeconds"] = "1",
        };
        var models = new (string Alias, string Model, string? Region, decimal In, decimal Out, string Provider)[]
        {
            ("test/echo", "echo", "us", 1m, 1m, "upstream"),
            ("test/priced", "echo", "us", 10_000m, 10_000m, "upstream"),
            ("test/tokens-50", "tokens-50", "us", 10_000m, 10_000m, "upstream"),
            ("test/slow", "slow-300", "us", 1m, 1m, "upstream"),
            ("test/slower", "slow-2000", "us", 1m, 1m, "upstream"),
            ("test/flaky", "flaky", "us", 1m, 1m, "upstream"),
            ("test/error-500", "error-500", "us", 1m, 1m, "upstream"),
            ("test/error-400", "error-400", "us", 1m, 1m, "upstream"),
            ("test/hang", "hang", "us", 1m, 1m, "impatient"),
            ("test/budget", "echo", "us", 200m, 200m, "upstream"),
            ("test/cut", "cut-3", "us", 1m, 1m, "upstream"),
            ("test/no-usage", "no-usage", "us", 1m, 1m, "upstream"),
            ("eu/echo", "echo", "eu", 1m, 1m, "upstream"),
        };
        for (var i = 0; i < models.Length; i++)
        {
            var m = models[i];
            settings[$"Routero:Models:{i}:Alias"] = m.Alias;
            settings[$"Routero:Models:{i}:Deployments:0:Provider"] = m.Provider;
            settings[$"Routero:Models:{i}:Deployments:0:Model"] = m.Model;
            settings[$"Routero:Models:{i}:Deployments:0:Region"] = m.Region;
            settings[$"Routero:Models:{i}:Deployments:0:InputCostPerMillion"] = m.In.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Routero:Models:{i}:Deployments:0:OutputCostPerMillion"] = m.Out.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Routero:Models:{i}:Deployments:0:MaxOutputTokens"] = "1000";
        }
        // A group whose first deployment is dead: requests must fall back to the live one.
        var f = models.Length;
        settings[$"Routero:Models:{f}:Alias"] = "test/fallback";
        settings[$"Routero:Models:{f}:Deployments:0:Provider"] = "dead";
        settings[$"Routero:Models:{f}:Deployments:0:Model"] = "echo";
        settings[$"Routero:Models:{f}:Deployments:1:Provider"] = "upstream";
        settings[$"Routero:Models:{f}:Deployments:1:Model"] = "echo";
        configure?.Invoke(settings);
        var time = new FakeTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var app = await SiloApp.BuildAsync(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return new SiloUnderTest(app, upstream, time, data, address);
    }

    /// <summary>A client that calls the relay with a virtual key.</summary>
    public HttpClient ClientFor(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>POSTs JSON to an admin route and returns the parsed answer, failing the test on a non-2xx status.</summary>
    public async Task<JsonObject> AdminPostAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Creates org → team → key and returns the key (the common setup of relay tests).</summary>
    public async Task<(string OrgId, string TeamId, string Key)> CreateTeamKeyAsync(object? keyFields = null, object? teamFields = null, object? orgFields = null)
    {
        var org = await AdminPostAsync("/organization/new", Merge(new { organization_alias = "org-" + Guid.NewGuid().ToString("N")[..8] }, orgFields));
        var orgId = org["organization_id"]!.GetValue<string>();
        var team = await AdminPostAsync("/team/new", Merge(new { team_alias = "team", organization_id = orgId }, teamFields));
        var teamId = team["team_id"]!.GetValue<string>();
        var key = await AdminPostAsync("/key/generate", Merge(new { team_id = teamId }, keyFields));
        return (orgId, teamId, key["key"]!.GetValue<string>());
    }

    /// <summary>Merges the properties of two anonymous objects (the second wins).</summary>
    public static JsonObject Merge(object first, object? second)
    {
        var a = JsonSerializer.SerializeToNode(first)!.AsObject();
        if (second is null) return a;
        foreach (var (k, v) in JsonSerializer.SerializeToNode(second)!.AsObject()) a[k] = v?.DeepClone();
        return a;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Upstream.DisposeAsync();
        if (KeepDataOnDispose) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

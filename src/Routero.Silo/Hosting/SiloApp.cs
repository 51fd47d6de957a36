using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Routero.Access;
using Routero.Accounting;
using Routero.Admin;
using Routero.Alerts;
using Routero.Configuration;
using Routero.FakeProvider;
using Routero.OpenAI;
using Routero.Relay;
using Routero.Scim;

namespace Routero.Hosting;

/// <summary>Builds and runs a silo. Program.cs and the tests both start silos through here.</summary>
public static class SiloApp
{
    /// <summary>
    /// Builds a silo from command-line arguments (<c>--config silo-config/embedded.json</c>, <c>--urls</c>) and the
    /// environment. <paramref name="configure"/> lets tests add configuration and replace services (e.g. the clock).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The silo reads its options once; the default reload watcher would watch the working directory
        // recursively, and with data/ inside it every SQLite write would wake it (about 5 % of CPU under load).
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        var configFile = builder.Configuration["config"] ?? Environment.GetEnvironmentVariable("ROUTERO_CONFIG");
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new FileNotFoundException($"Silo config '{configFile}' does not exist.", configFile);
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(args);
        }
        QuietRequestDiagnostics(builder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null; // the relay enforces its own limit, with an OpenAI-shaped error
            k.AddServerHeader = false;
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        options.MasterKey ??= Environment.GetEnvironmentVariable("ROUTERO_MASTER_KEY");
        if (string.IsNullOrWhiteSpace(options.MasterKey))
            throw new InvalidOperationException("No master key: set ROUTERO_MASTER_KEY (or Routero:MasterKey) before starting the silo.");
        var fake = options.FakeProvider.Enabled
            ? await FakeProviderServer.StartAsync(new FakeProviderOptions { Port = options.FakeProvider.Port, CaptureRequests = false })
            : null;
        await AddRouteroSiloAsync(builder.Services, options, fake);
        var app = builder.Build();
        await app.Services.GetRequiredService<SiloBackend>().OpenJournalAsync(app.Services.GetRequiredService<ILoggerFactory>());
        app.MapRouteroRelay();
        app.MapRouteroAdmin();
        app.MapRouteroScim();
        app.MapRouteroHealth();
        app.VerifyAdminRoutesDeclarePermissions();
        app.Lifetime.ApplicationStopped.Register(() => fake?.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>
    /// ASP.NET Core starts an Activity and a logging scope for every request whenever its hosting logger is enabled
    /// at Critical, which it is at the default Warning level. Nothing in the silo reads either, and the Activity
    /// also made HttpClient start a child Activity and inject a traceparent header into every upstream call: in
    /// the allocation profile that was about a tenth of a request's allocations. The category only logs request
    /// start and finish (Information), so it is off unless the configuration names it.
    /// </summary>
    private static void QuietRequestDiagnostics(WebApplicationBuilder builder)
    {
        const string category = "Microsoft.AspNetCore.Hosting.Diagnostics";
        if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            builder.Logging.AddFilter(category, LogLevel.None);
    }

    private static async Task AddRouteroSiloAsync(IServiceCollection services, SiloOptions options, FakeProviderServer? fake)
    {
        services.AddSingleton(options);
        services.AddSingleton(ModelCatalogFactory.Create(options, fake?.BaseAddress));
        var backend = await SiloBackend.CreateAsync(options);
        services.AddSingleton(backend);
        services.AddSingleton(backend.Store);
        services.TryAddSingleton(new SpendWriterOptions()); // a test may give its own
        services.AddSingleton(sp => new SpendWriter(backend.Store, sp.GetRequiredService<SpendWriterOptions>(), sp.GetRequiredService<ILogger<SpendWriter>>(),
            backend.CreateLedger(sp), backend.CreateSpendSink(sp), sp.GetService<ISpendObserver>(), backend.TakeJournal()));
        services.AddSingleton(sp => new GrainHost(
            new GrainHostOptions
            {
                IdleTimeout = TimeSpan.FromMinutes(options.GrainIdleMinutes),
                // Only a cluster leases: an embedded silo's grains are the only admitters, and hold nothing to give back.
                IdleLeaseReturn = backend.Identity is not null && options.Cluster.IdleLeaseReturnSeconds > 0
                    ? TimeSpan.FromSeconds(options.Cluster.IdleLeaseReturnSeconds) : null,
            }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SiloRuntime(
            backend.Store, sp.GetRequiredService<GrainHost>(), sp.GetRequiredService<SpendWriter>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Routing.ModelCatalog>(), TimeSpan.FromSeconds(options.RateWindowSeconds), options.MasterKey!, backend.CreateLedger(sp)));
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<RelayHandler>();
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(1, options.DrainSeconds)));
        services.AddRouteroAlerts();
        services.AddHostedService<SiloLifecycle>();
        services.AddHostedService<SiloStats>();
        backend.AddClusterServices(services, options);
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance) where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T))) services.AddSingleton(instance);
    }
}

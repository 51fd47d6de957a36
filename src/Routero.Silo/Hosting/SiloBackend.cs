using Npgsql;
using Routero.Accounting;
using Routero.Changes;
using Routero.Configuration;
using Routero.Clustering;
using Routero.Quota;
using Routero.Schema;
using Routero.Storage;
using Routero.Storage.Postgres;
using Routero.Storage.Sqlite;

namespace Routero.Hosting;

/// <summary>
/// Where a silo keeps its state. Embedded: one SQLite file, no ledger (the grains are the only admitters).
/// Cluster: PostgreSQL shared by every silo, with the quota ledger, membership and change fan-out on it.
/// </summary>
public sealed class SiloBackend
{
    private PostgresQuotaLedger? _ledger;
    private string? _journalPath;
    private long _journalBytes;
    private SpendJournal? _journal;
    private bool _journalTaken;

    private SiloBackend(IRouteroStore store, NpgsqlDataSource? db, ClusterIdentity? identity) => (Store, Database, Identity) = (store, db, identity);

    /// <summary>The system of record.</summary>
    public IRouteroStore Store { get; }

    /// <summary>The shared database in cluster mode.</summary>
    public NpgsqlDataSource? Database { get; }

    /// <summary>This silo in the cluster, or null when embedded.</summary>
    public ClusterIdentity? Identity { get; }

    /// <summary>True in cluster mode.</summary>
    public bool IsCluster => Database is not null;

    /// <summary>Opens storage (migrating it) for the configured kind.</summary>
    public static async Task<SiloBackend> CreateAsync(SiloOptions options)
    {
        var settings = options.Storage;
        if (string.Equals(settings.Kind, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            Directory.CreateDirectory(settings.DataDirectory);
            var journalBytes = settings.SpendJournalBytes();
            var sqlite = new SqliteStore(new SqliteStoreOptions(Path.Combine(settings.DataDirectory, "routero.db")) { FullSync = settings.FullSync });
            await sqlite.MigrateAsync();
            return new SiloBackend(sqlite, null, null)
            {
                _journalPath = journalBytes > 0 ? Path.Combine(settings.DataDirectory, "spend.journal") : null,
                _journalBytes = journalBytes,
            };
        }
        settings.SpendJournalBytes(); // refuses a journal for a cluster silo
        if (!string.Equals(settings.Kind, "postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage kind '{settings.Kind}' is not supported; use \"sqlite\" or \"postgres\".");
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException("Storage kind \"postgres\" needs Routero:Storage:ConnectionString (e.g. from the environment variable Routero__Storage__ConnectionString).");
        var store = new PostgresStore(new PostgresStoreOptions(settings.ConnectionString));
        await store.MigrateAsync();
        var db = NpgsqlDataSource.Create(settings.ConnectionString);
        await ClusterSchema.EnsureAsync(db);
        var name = options.Cluster.SiloName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        return new SiloBackend(store, db, new ClusterIdentity(Guid.NewGuid().ToString("N"), name, options.Cluster.AdvertiseAddress));
    }

    /// <summary>
    /// Embedded: recovers what a killed silo left in the spend journal and opens a new one (<see cref="SpendJournalRecovery"/>).
    /// Must run before the spend writer is first resolved; a no-op when the configuration has no journal.
    /// </summary>
    public async Task OpenJournalAsync(ILoggerFactory loggers)
    {
        if (_journalPath is null || _journal is not null) return;
        _journal = await SpendJournalRecovery.OpenAsync((ISpendJournalStore)Store, _journalPath, _journalBytes,
            loggers.CreateLogger(typeof(SpendJournalRecovery).FullName!));
    }

    /// <summary>The opened journal, handed once to the spend writer (null when the configuration has none).</summary>
    public SpendJournal? TakeJournal()
    {
        if (_journalPath is null) return null;
        if (_journal is null || _journalTaken)
            throw new InvalidOperationException("The spend journal is not open (SiloBackend.OpenJournalAsync runs before the spend writer starts) or was already taken.");
        _journalTaken = true;
        return _journal;
    }

    /// <summary>The quota ledger in cluster mode (one per silo), else null.</summary>
    public IQuotaLedger? CreateLedger(IServiceProvider services) =>
        Database is null ? null : _ledger ??= new PostgresQuotaLedger(Database, Identity!, services.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(services.GetRequiredService<SiloOptions>().Cluster.LeaseSeconds));

    /// <summary>In cluster mode, the sink that writes a spend batch and its quota debits in one transaction; else null.</summary>
    public ISpendSink? CreateSpendSink(IServiceProvider services) =>
        CreateLedger(services) is PostgresQuotaLedger ledger ? new ClusterSpendSink((PostgresStore)Store, ledger) : null;

    /// <summary>Lease statements issued so far (0 when embedded).</summary>
    public long LeaseStatements => _ledger?.Statements ?? 0;

    /// <summary>Registers membership and change fan-out in cluster mode.</summary>
    public void AddClusterServices(IServiceCollection services, SiloOptions options)
    {
        if (Database is null) return;
        services.AddSingleton(Database);
        services.AddSingleton(Identity!);
        services.AddSingleton(options.Cluster);
        services.AddSingleton<SiloMembership>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloMembership>());
        services.AddSingleton<IChangeApplier, RuntimeChangeApplier>();
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        services.AddHostedService<VersionCheck>();
    }

    /// <summary>Applies another silo's change to this silo's grains.</summary>
    private sealed class RuntimeChangeApplier(SiloRuntime runtime) : IChangeApplier
    {
        public Task ApplyAsync(Tenancy.EntityKind kind, string id, CancellationToken ct) => runtime.RefreshLocalAsync(kind, id, ct);
    }
}

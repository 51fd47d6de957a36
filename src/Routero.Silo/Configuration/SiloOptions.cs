namespace Routero.Configuration;

/// <summary>The silo's configuration: the <c>Routero</c> section of a silo-config file.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Routero";

    /// <summary>The master key (admin). Read from <c>ROUTERO_MASTER_KEY</c> when not set here; never logged.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Storage settings.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>Starts the built-in fake provider (offline quickstart, tests, benchmarks).</summary>
    public FakeProviderSettings FakeProvider { get; set; } = new();

    /// <summary>Upstream provider accounts.</summary>
    public List<ProviderSettings> Providers { get; set; } = [];

    /// <summary>Model aliases and their deployments.</summary>
    public List<ModelSettings> Models { get; set; } = [];

    /// <summary>Largest request body accepted on the relay, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Length of rate-limit windows in seconds (60: rpm and tpm mean per minute).</summary>
    public int RateWindowSeconds { get; set; } = 60;

    /// <summary>Minutes a grain stays active without use.</summary>
    public int GrainIdleMinutes { get; set; } = 15;

    /// <summary>Cluster settings (used when storage is PostgreSQL).</summary>
    public Clustering.ClusterOptions Cluster { get; set; } = new();

    /// <summary>How long a stopping silo waits for in-flight requests and streams (longer than the longest stream).</summary>
    public int DrainSeconds { get; set; } = 30;

    /// <summary>Every this many seconds, log the spend writer's and the quota ledger's counters (0: never; benchmarks read them).</summary>
    public int StatsLogSeconds { get; set; }
}

/// <summary>Where the silo keeps its system of record.</summary>
public sealed class StorageSettings
{
    /// <summary>"sqlite" (embedded; the default) or "postgres" (cluster: silos share one database).</summary>
    public string Kind { get; set; } = "sqlite";

    /// <summary>PostgreSQL connection string (cluster mode); normally from the environment, never a file.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the SQLite file (<c>routero.db</c>), relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>fsync on every commit (true) or let the OS flush (false: a power cut may lose the last commits).</summary>
    public bool FullSync { get; set; } = true;

    /// <summary>
    /// The embedded silo's spend journal (<c>spend.journal</c> beside <c>routero.db</c>), in MiB: a request is answered
    /// once its spend record is in it, and the group commit follows. 0 turns it off (answers wait for the commit).
    /// Unset: <see cref="DefaultSpendJournalMegabytes"/> for SQLite; a cluster silo has none (it answers after PostgreSQL's commit).
    /// </summary>
    public int? SpendJournalMegabytes { get; set; }

    /// <summary>The journal's size when none is configured (embedded).</summary>
    public const int DefaultSpendJournalMegabytes = 2;

    /// <summary>The journal's size in bytes for this configuration (0: none), or an error naming the setting.</summary>
    public long SpendJournalBytes()
    {
        var sqlite = string.Equals(Kind, "sqlite", StringComparison.OrdinalIgnoreCase);
        if (SpendJournalMegabytes is not { } mb) return sqlite ? DefaultSpendJournalMegabytes * 1024L * 1024 : 0;
        if (mb is < 0 or > 1024)
            throw new InvalidOperationException($"Routero:Storage:SpendJournalMegabytes must be from 0 (off) to 1024, not {mb}.");
        if (mb > 0 && !sqlite)
            throw new InvalidOperationException("Routero:Storage:SpendJournalMegabytes applies to the embedded silo (Storage.Kind \"sqlite\") only: a cluster silo answers after PostgreSQL's commit. Remove it or set it to 0.");
        return mb * 1024L * 1024;
    }
}

/// <summary>The built-in fake provider.</summary>
public sealed class FakeProviderSettings
{
    /// <summary>Start it with the silo.</summary>
    public bool Enabled { get; set; }

    /// <summary>Its loopback port (0: any free port; providers named "fake" then follow it).</summary>
    public int Port { get; set; } = 4010;
}

/// <summary>An upstream provider account.</summary>
public sealed class ProviderSettings
{
    /// <summary>Name that deployments refer to.</summary>
    public string Name { get; set; } = "";

    /// <summary>OpenAI-compatible base URL, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Environment variable holding the API key (keys never live in config files).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>Upstream timeout in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 600;
}

/// <summary>A model alias.</summary>
public sealed class ModelSettings
{
    /// <summary>The name clients use (e.g. <c>smart/balanced</c>).</summary>
    public string Alias { get; set; } = "";

    /// <summary>Where it runs.</summary>
    public List<DeploymentSettings> Deployments { get; set; } = [];
}

/// <summary>One deployment of a model alias.</summary>
public sealed class DeploymentSettings
{
    /// <summary>Provider name.</summary>
    public string Provider { get; set; } = "";

    /// <summary>The model's name at the provider.</summary>
    public string Model { get; set; } = "";

    /// <summary>Region tag, e.g. "eu".</summary>
    public string? Region { get; set; }

    /// <summary>USD per million prompt tokens (at most 3 decimals).</summary>
    public decimal InputCostPerMillion { get; set; }

    /// <summary>USD per million completion tokens (at most 3 decimals).</summary>
    public decimal OutputCostPerMillion { get; set; }

    /// <summary>Largest completion the model writes; requests without <c>max_tokens</c> reserve for this many.</summary>
    public int MaxOutputTokens { get; set; } = 4096;
}

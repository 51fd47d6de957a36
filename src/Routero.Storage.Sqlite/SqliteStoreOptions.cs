namespace Routero.Storage.Sqlite;

/// <summary>
/// Where and how durably the embedded store keeps its file. Bindable from configuration (the
/// parameterless constructor) or built in code (<c>new SqliteStoreOptions("routero.db")</c>).
/// </summary>
/// <param name="DataSource">Path of the database file; created if missing.</param>
/// <param name="FullSync">
/// True: <c>synchronous=FULL</c>, every commit survives power loss. False: <c>synchronous=NORMAL</c>,
/// a commit survives a process crash but the last few may be lost on power loss (faster fsync pattern in WAL).
/// </param>
/// <param name="BusyTimeoutMs">How long a connection waits for another process's lock before failing.</param>
public sealed record SqliteStoreOptions(string DataSource, bool FullSync = true, int BusyTimeoutMs = 5000)
{
    /// <summary>For configuration binding; set <see cref="DataSource"/> before use.</summary>
    public SqliteStoreOptions() : this(string.Empty)
    {
    }

    /// <summary>Throws when the options cannot describe a usable store.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataSource))
        {
            throw new ArgumentException("SqliteStoreOptions.DataSource must name a file.", nameof(DataSource));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(BusyTimeoutMs);
    }
}

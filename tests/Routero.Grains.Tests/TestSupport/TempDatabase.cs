using Routero.Storage.Sqlite;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>A database file path unique to one test; removes the file and its WAL companions afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"routero-grains-test-{Guid.NewGuid():N}.db");

    public SqliteStore Open() => new(new SqliteStoreOptions(Path, FullSync: false));

    public void Dispose()
    {
        foreach (var suffix in (ReadOnlySpan<string>)["", "-wal", "-shm", "-journal"])
        {
            File.Delete(Path + suffix);
        }
    }
}

using Routero.Storage.Conformance;

namespace Routero.Storage.Sqlite.Tests;

/// <summary>The shared storage suite, on a fresh SQLite file per test.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly TempDatabase _database = new();

    protected override Task<IRouteroStore> CreateStoreAsync() => Task.FromResult<IRouteroStore>(_database.Open());

    protected override Task CleanupAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

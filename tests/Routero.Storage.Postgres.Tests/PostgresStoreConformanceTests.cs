using Routero.Storage.Conformance;

namespace Routero.Storage.Postgres.Tests;

/// <summary>The shared storage suite, on a fresh schema per test.</summary>
public sealed class PostgresStoreConformanceTests : StoreConformanceTests
{
    private TempSchema? _schema;

    protected override async Task<IRouteroStore> CreateStoreAsync()
    {
        _schema = await TempSchema.CreateAsync();
        return _schema.Open();
    }

    protected override async Task CleanupAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}

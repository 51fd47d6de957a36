using Npgsql;

namespace Routero.Storage.Postgres.Tests;

/// <summary>
/// A schema unique to one test, so tests are isolated and run in parallel on one database; stores opened
/// on it see only it (<c>Search Path</c>). Dropped, with everything in it, on dispose.
/// </summary>
internal sealed class TempSchema : IAsyncDisposable
{
    private TempSchema(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestServer.ConnectionString) { SearchPath = Name }.ConnectionString;

    public static async Task<TempSchema> CreateAsync()
    {
        var schema = new TempSchema($"routero_test_{Guid.NewGuid():N}");
        await TestServer.ScalarAsync($"CREATE SCHEMA {schema.Name}");
        return schema;
    }

    public PostgresStore Open() => new(new PostgresStoreOptions(ConnectionString));

    /// <summary>The name of <paramref name="table"/> in this schema, for inspection queries.</summary>
    public string Table(string table) => $"{Name}.{table}";

    public async ValueTask DisposeAsync() => await TestServer.ScalarAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE");
}

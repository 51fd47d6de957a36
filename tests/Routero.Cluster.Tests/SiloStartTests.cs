using Microsoft.Data.Sqlite;
using Routero.Cluster.Tests.Infrastructure;

namespace Routero.Cluster.Tests;

/// <summary>A silo whose database cannot be opened at start ends with the reason, not a stack trace.</summary>
public sealed class SiloStartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"routero-start-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task EmbeddedSilo_WhoseDatabaseIsLockedByAnotherProcess_EndsWithTheReason()
    {
        Directory.CreateDirectory(_data);
        using var blocker = new SqliteConnection($"Data Source={Path.Combine(_data, "routero.db")};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE held (x); BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }
        var environment = new Dictionary<string, string>
        {
            ["Routero__Storage__Kind"] = "sqlite",
            ["Routero__Storage__DataDirectory"] = _data,
            ["Routero__Providers__0__Name"] = "upstream",
            ["Routero__Providers__0__BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        TestCluster.AddModel(environment, 0, "test/echo", "echo", 1m, 1m);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("locked", environment));

        Assert.Contains("routero: the database could not be opened at start", failed.Message);
        Assert.Contains("database is locked", failed.Message);
        Assert.DoesNotContain("Unhandled exception", failed.Message);
    }
}

using Npgsql;

namespace Routero.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests run against, named by <c>ROUTERO_TEST_POSTGRES</c>. Without it every
/// test fails, saying how to start one: a storage backend that silently skips its tests is untested.
/// </summary>
internal static class TestServer
{
    public const string Variable = "ROUTERO_TEST_POSTGRES";

    private static readonly Lazy<NpgsqlDataSource> Admin = new(() => NpgsqlDataSource.Create(ConnectionString));

    /// <summary>The server's connection string.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests have no server. Start the throwaway test server with " +
                $"`export {Variable}=$(scripts/test-postgres.sh start)` (from the repository root), or run ./test.sh, which does both.");

    /// <summary>Runs one statement on the server's own pool (schema setup and teardown, inspection).</summary>
    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var command = Admin.Value.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}

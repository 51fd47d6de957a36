using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

/// <summary>
/// The store's one write connection, kept open for the life of the store. Opening a pooled connection per
/// batch re-ran the PRAGMAs and re-prepared every statement of the batch; the benchmark profile put that at
/// a large share of the silo's CPU, since the spend writer commits hundreds of times a second. Here the
/// PRAGMAs run once per connection and the fixed statements are prepared once (<see cref="RawStatement"/>) and
/// reused. Not thread-safe:
/// the store uses it under its write gate only. A failed write <see cref="Reset"/>s it, so the next write
/// starts on a fresh connection rather than on one left in an unknown state.
/// </summary>
internal sealed class SqliteWriter(string connectionString, string pragmas) : IDisposable
{
    private readonly Dictionary<string, RawStatement> _prepared = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    /// <summary>How many connections this writer has opened (a healthy store opens one).</summary>
    public int Opens { get; private set; }

    /// <summary>True while a connection is open.</summary>
    public bool IsOpen => _connection is not null;

    /// <summary>The open write connection, opened (and its PRAGMAs run) on first use.</summary>
    public SqliteConnection Connection => _connection ??= Open();

    /// <summary>
    /// The prepared statement for one of the store's fixed statements, prepared on first use. It runs in
    /// whatever transaction the write connection is in.
    /// </summary>
    public RawStatement Prepared(string sql, IReadOnlyList<string> parameters)
    {
        if (!_prepared.TryGetValue(sql, out var statement))
        {
            statement = new RawStatement(Connection, sql, parameters);
            _prepared[sql] = statement;
        }
        return statement;
    }

    /// <summary>Closes the connection and forgets its prepared statements; the next use opens a new one.</summary>
    public void Reset()
    {
        // Statements first: a connection closed under live statements only closes once they are finalized.
        foreach (var statement in _prepared.Values) statement.Dispose();
        _prepared.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    /// <inheritdoc />
    public void Dispose() => Reset();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // journal_mode=WAL is persistent in the file; setting it again on an open WAL file is a no-op.
            command.CommandText = "PRAGMA journal_mode=WAL; " + pragmas;
            command.ExecuteNonQuery();
            Opens++;
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

/// <summary>
/// The store's one write connection, kept open for the life of the store. Opening a pooled connection per
/// batch re-ran the PRAGMAs and re-prepared every statement of the batch; the benchmark profile put that at
/// a large share of the silo's CPU, since the spend writer commits hundreds of times a second. Here the
/// PRAGMAs run once per connection and the fixed statements are prepared once and reused. Not thread-safe:
/// the store uses it under its write gate only. A failed write <see cref="Reset"/>s it, so the next write
/// starts on a fresh connection rather than on one left in an unknown state.
/// </summary>
internal sealed class SqliteWriter(string connectionString, string pragmas) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    /// <summary>How many connections this writer has opened (a healthy store opens one).</summary>
    public int Opens { get; private set; }

    /// <summary>True while a connection is open.</summary>
    public bool IsOpen => _connection is not null;

    /// <summary>The open write connection, opened (and its PRAGMAs run) on first use.</summary>
    public SqliteConnection Connection => _connection ??= Open();

    /// <summary>
    /// A prepared command for one of the store's fixed statements, created on first use with the parameters
    /// <paramref name="declare"/> adds, and bound to <paramref name="transaction"/>. Callers set parameter
    /// values, never the text, so the prepared statements stay valid.
    /// </summary>
    public SqliteCommand Prepared(string sql, Action<SqliteCommand> declare, SqliteTransaction transaction)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            declare(command);
            command.Prepare();
            _prepared[sql] = command;
        }
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Closes the connection and forgets its prepared statements; the next use opens a new one.</summary>
    public void Reset()
    {
        foreach (var command in _prepared.Values) command.Dispose();
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

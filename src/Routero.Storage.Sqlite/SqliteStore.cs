using Microsoft.Data.Sqlite;
using Routero.Storage.Sqlite.Migrations;

namespace Routero.Storage.Sqlite;

/// <summary>
/// <see cref="IRouteroStore"/> on one SQLite file in WAL mode: readers run concurrently on pooled
/// connections, writers take turns on one long-lived write connection (<see cref="SqliteWriter"/>). Timestamps are stored as UTC ticks and round-trip exactly (the
/// offset comes back as +00:00).
/// </summary>
public sealed partial class SqliteStore : IRouteroStore, ISpendJournalStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly SqliteWriter _writer;

    // SQLite admits one writer per file. Queueing this process's writers here, rather than in SQLite's
    // busy handler (sleep and poll), keeps write latency flat and avoids SQLITE_BUSY storms under load.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // The spend batch's working sets, reused from batch to batch under the write gate (SqliteStore.Spend.cs).
    private readonly List<SpendRecord> _appended = [];
    private readonly Dictionary<DailySpendRollup.RowKey, DailySpendRollup.Totals> _dailyRows = [];
    private const int RetainedDailyRows = 1024;

    // journal_mode=WAL is persistent in the file, so one successful switch per store is enough.
    private volatile bool _walEnabled;
    private int _disposed;

    /// <summary>Creates a store over <see cref="SqliteStoreOptions.DataSource"/>; opens nothing yet.</summary>
    public SqliteStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DataSource,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a locked statement until the command timeout (30 s unless set), on top of
            // SQLite's own busy_timeout: without this a lock held by another process stalled a write for 30 s, not the
            // configured BusyTimeoutMs.
            DefaultTimeout = Math.Max(1, (options.BusyTimeoutMs + 999) / 1000),
        }.ToString();
        // Per-connection settings: a connection handed out by the pool may be brand new.
        _connectionPragmas =
            $"PRAGMA synchronous={(options.FullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={options.BusyTimeoutMs};";
        // The write connection is never pooled: it stays open until the store is disposed, and its close
        // (the last one on the file) checkpoints the WAL.
        _writer = new SqliteWriter(
            new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString(), _connectionPragmas);
    }

    /// <summary>Connections the writer has opened so far (tests: one per store while writes succeed).</summary>
    internal int WriterOpens => _writer.Opens;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var connection = _writer.Connection;
            _walEnabled = true; // the writer's open switched the file to WAL
            await Migrator.ApplyAsync(connection, Schema.Migrations, ct);
        }
        catch
        {
            _writer.Reset();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Closes the write connection (after any write in progress) and the pooled readers of this file; the
    /// last close checkpoints the WAL.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _writeGate.WaitAsync();
            _writer.Dispose();
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
            _writeGate.Dispose();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _walEnabled ? _connectionPragmas : "PRAGMA journal_mode=WAL; " + _connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(ct);
            _walEnabled = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, one writer at a time, and commits only when
    /// <paramref name="commit"/> accepts its result; anything else (or an exception) rolls back.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work,
        Func<T, bool> commit,
        CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var connection = _writer.Connection;
            // deferred: false issues BEGIN IMMEDIATE: the write lock is taken up front, so a transaction
            // never has to upgrade a read lock mid-way (the upgrade is what fails with SQLITE_BUSY).
            // Microsoft.Data.Sqlite's async calls run synchronously anyway; the sync ones skip a state machine.
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction, ct);
            if (commit(result))
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }
            return result;
        }
        catch
        {
            // Whatever failed (a lock held too long by another process, I/O), the next write reconnects.
            _writer.Reset();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on its own pooled connection, concurrently with other readers.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await work(connection, ct);
    }
}

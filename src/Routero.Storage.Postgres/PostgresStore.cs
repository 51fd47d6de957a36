using System.Data;
using System.Data.Common;
using Npgsql;
using Routero.Storage.Postgres.Migrations;

namespace Routero.Storage.Postgres;

/// <summary>
/// <see cref="IRouteroStore"/> on PostgreSQL, the database that the silos of a cluster share. Writes are
/// READ COMMITTED transactions whose conditional statements (<c>ON CONFLICT DO NOTHING</c>,
/// <c>WHERE version = ...</c>) make concurrent silos agree without table locks; each write is one
/// statement batch, one round trip before its commit. Timestamps are stored as UTC ticks in
/// <c>bigint</c> columns and round-trip exactly (the offset comes back as +00:00).
/// </summary>
public sealed partial class PostgresStore : IRouteroStore, IAsyncDisposable
{
    // A transaction that lost a deadlock was rolled back whole; trying the same work again is safe.
    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;
    private int _disposed;

    /// <summary>Creates a store over <see cref="PostgresStoreOptions.ConnectionString"/>; opens nothing yet.</summary>
    public PostgresStore(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        // Every statement here is one of a few fixed texts: auto-preparing them saves a parse and plan per
        // call, per connection. A value the caller set is kept (0 turns it off, e.g. behind PgBouncer).
        if (!SetsKeyword(options.ConnectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        // The store sets no session state (no SET, LISTEN, temporary tables or session locks), so a pooled
        // connection needs no reset on its next use: without this, Npgsql prepends a reset (RESET ALL, CLOSE ALL,
        // UNLISTEN *, ...) to the first statement after every open, one more transaction per group commit. A value
        // the caller set is kept.
        if (!SetsKeyword(options.ConnectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        builder.ApplicationName ??= "routero";
        // A unique violation in a change set's batch is mapped to the object whose statement failed, which
        // needs Npgsql to say which statement that was.
        builder.IncludeFailedBatchedCommand = true;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The effective connection string (tests check the settings the store adds).</summary>
    internal NpgsqlConnectionStringBuilder Settings => new(_dataSource.ConnectionString);

    /// <summary>Whether the connection string names one of <paramref name="keywords"/>, whatever its value.</summary>
    private static bool SetsKeyword(string connectionString, params ReadOnlySpan<string> keywords)
    {
        // The generic builder keeps exactly the keywords written; Npgsql's answers for every keyword it knows.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var keyword in keywords)
        {
            if (written.ContainsKey(keyword))
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken ct = default) => Migrator.ApplyAsync(_dataSource, Schema.Migrations, ct);

    /// <summary>Closes this store's connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _dataSource.OpenConnectionAsync(ct);
    }

    private NpgsqlConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _dataSource.OpenConnection();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a READ COMMITTED transaction and commits only when
    /// <paramref name="commit"/> accepts its result; anything else (or an exception) rolls back. Runs it
    /// again, up to <see cref="MaxAttempts"/> times in all, when PostgreSQL chose it as a deadlock victim.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work,
        Func<T, bool> commit,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            try
            {
                var result = await work(connection, transaction, ct);
                if (commit(result))
                {
                    await transaction.CommitAsync(ct);
                }
                else
                {
                    await transaction.RollbackAsync(ct);
                }
                return result;
            }
            catch (PostgresException e) when (e.IsRetryable() && attempt < MaxAttempts)
            {
                // Disposing the transaction rolls it back; the next attempt starts clean.
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a REPEATABLE READ transaction: every statement sees one snapshot,
    /// so a page and its total agree even while other silos write.
    /// </summary>
    private async Task<T> ReadSnapshotAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var result = await work(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>A single-statement read on a pooled connection that is returned when the command is disposed.</summary>
    private NpgsqlCommand Command(string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var command = _dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>The largest spend page one call returns, whatever <see cref="SpendQuery.Limit"/> asks.</summary>
    public const int MaxSpendPage = 1000;

    // Counters are absolute: the budget grain owns the running totals and storage keeps the latest.
    private const string UpsertCounterSql = """
        INSERT INTO budget_counters (kind, id, window_start, window_spent_nanos, lifetime_spent_nanos)
        VALUES ($kind, $id, $window_start, $window, $lifetime)
        ON CONFLICT (kind, id) DO UPDATE SET window_start = excluded.window_start,
            window_spent_nanos = excluded.window_spent_nanos, lifetime_spent_nanos = excluded.lifetime_spent_nanos;
        """;

    /// <inheritdoc />
    public Task<BudgetCounter?> GetCounterAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync<BudgetCounter?>(async (connection, token) =>
        {
            await using var command = connection.Command(
                "SELECT window_start, window_spent_nanos, lifetime_spent_nanos FROM budget_counters WHERE kind = $kind AND id = $id;");
            command.Parameters.Add("$kind", (int)kind);
            command.Parameters.Add("$id", id);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token)
                ? new BudgetCounter(kind, id, SqlValues.FromTicks(reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2))
                : null;
        }, ct);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The group commit's write: it runs synchronously when the write gate is free (SQLite's calls are synchronous
    /// anyway), in a transaction begun and committed through prepared statements, so a batch costs no command,
    /// data reader or transaction object and no re-parsing of BEGIN and COMMIT.
    /// </remarks>
    public Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, CancellationToken ct = default) =>
        WriteSpendAsync(records, counters, null, ct);

    /// <inheritdoc />
    public Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, SpendJournalMark mark,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mark.JournalId);
        return WriteSpendAsync(records, counters, (SpendJournalMark?)mark, ct);
    }

    /// <inheritdoc />
    public Task<SpendJournalMark?> GetSpendJournalMarkAsync(CancellationToken ct = default) =>
        ReadAsync<SpendJournalMark?>(async (connection, token) =>
        {
            await using var command = connection.Command("SELECT journal_id, sequence FROM spend_journal WHERE id = 1;");
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new SpendJournalMark(reader.GetString(0), reader.GetInt64(1)) : null;
        }, ct);

    private Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, SpendJournalMark? mark,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(counters);
        if (records.Count == 0 && counters.Count == 0 && mark is null)
        {
            return Task.CompletedTask;
        }
        bool entered;
        try
        {
            entered = _writeGate.Wait(0);
        }
        catch (ObjectDisposedException e)
        {
            return Task.FromException(e); // disposed: fail as the asynchronous path would, through the task
        }
        if (!entered)
        {
            return WriteSpendQueuedAsync(records, counters, mark, ct);
        }
        try
        {
            WriteSpendInGate(records, counters, mark);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task WriteSpendQueuedAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters,
        SpendJournalMark? mark, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            WriteSpendInGate(records, counters, mark);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    // Under the write gate. The transaction is SQLite's own (BEGIN IMMEDIATE: the write lock up front, as WriteAsync
    // takes it); Microsoft.Data.Sqlite does not see it, and only prepared statements run inside it. A failure closes
    // the write connection, which rolls the transaction back: nothing of the batch is half-written.
    private void WriteSpendInGate(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, SpendJournalMark? mark)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            _writer.Prepared(BeginImmediateSql, []).Execute();
            AddToDaily(Append(records));
            var upsert = _writer.Prepared(UpsertCounterSql, CounterParameters);
            foreach (var counter in counters)
            {
                BindCounter(upsert, counter);
                upsert.Execute();
            }
            if (mark is { } m)
            {
                var setMark = _writer.Prepared(SetJournalMarkSql, JournalMarkParameters);
                setMark.Bind(0, m.JournalId);
                setMark.Bind(1, m.Sequence);
                setMark.Execute();
            }
            _writer.Prepared(CommitSql, []).Execute();
        }
        catch
        {
            _writer.Reset();
            throw;
        }
        finally
        {
            _appended.Clear();
        }
    }

    private const string BeginImmediateSql = "BEGIN IMMEDIATE;";
    private const string SetJournalMarkSql = """
        INSERT INTO spend_journal (id, journal_id, sequence) VALUES (1, $journal, $sequence)
        ON CONFLICT (id) DO UPDATE SET journal_id = excluded.journal_id, sequence = excluded.sequence;
        """;
    private static readonly string[] JournalMarkParameters = ["$journal", "$sequence"];
    private const string CommitSql = "COMMIT;";

    /// <summary>
    /// Appends the records and returns those the log did not have: a request id already written (by an
    /// earlier batch, or earlier in this one) changes no row, and must not be counted again. The list is the
    /// writer's (<see cref="_appended"/>), valid until the batch ends.
    /// </summary>
    private List<SpendRecord> Append(IReadOnlyList<SpendRecord> records)
    {
        var insert = _writer.Prepared(SpendRows.InsertSql, SpendRows.ParameterNames);
        foreach (var record in records)
        {
            SpendRows.Bind(insert, record);
            if (insert.Execute() == 1)
            {
                _appended.Add(record);
            }
        }
        return _appended;
    }

    /// <inheritdoc />
    public Task<Page<SpendRecord>> ListSpendAsync(SpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(async (connection, token) =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            var where = SpendFilter(query, out var parameters);
            await using var command = connection.Command(
                $"SELECT COUNT(*) FROM spend_logs WHERE {where}; " +
                $"SELECT {SpendRows.Columns} FROM spend_logs WHERE {where} ORDER BY ts DESC, request_id DESC LIMIT $limit OFFSET $offset;",
                transaction);
            command.Parameters.AddRange(parameters);
            command.Parameters.Add("$limit", Math.Clamp(query.Limit, 0, MaxSpendPage));
            command.Parameters.Add("$offset", Math.Max(0, query.Offset));
            return await ReadPageAsync(command, SpendRows.Read, token);
        }, ct);
    }

    /// <inheritdoc />
    public Task<long> SumSpendAsync(SpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(async (connection, token) =>
        {
            var where = SpendFilter(query, out var parameters);
            await using var command = connection.Command($"SELECT COALESCE(SUM(spend_nanos), 0) FROM spend_logs WHERE {where}", null);
            command.Parameters.AddRange(parameters);
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, ct);
    }

    private static readonly string[] CounterParameters = ["$kind", "$id", "$window_start", "$window", "$lifetime"];

    private static void BindCounter(RawStatement upsert, BudgetCounter counter)
    {
        upsert.Bind(0, (int)counter.Kind);
        upsert.Bind(1, counter.Id);
        upsert.Bind(2, SqlValues.ToTicks(counter.WindowStart));
        upsert.Bind(3, counter.WindowSpentNanos);
        upsert.Bind(4, counter.LifetimeSpentNanos);
    }

    private static string SpendFilter(SpendQuery query, out List<SqliteParameter> parameters)
    {
        var where = new StringBuilder("1 = 1");
        parameters = [];
        AddEquals(where, parameters, "key_id", "$key", query.KeyId);
        AddEquals(where, parameters, "team_id", "$team", query.TeamId);
        AddEquals(where, parameters, "user_id", "$user", query.UserId);
        AddEquals(where, parameters, "organization_id", "$org", query.OrganizationId);
        AddEquals(where, parameters, "customer_id", "$customer", query.CustomerId);
        AddEquals(where, parameters, "request_id", "$request", query.RequestId);
        AddEquals(where, parameters, "model", "$model", query.Model);
        if (query.VisibleTo is { } visible)
        {
            AddVisibility(where, parameters, visible);
        }
        AddRange(where, parameters, "ts", query.From, query.To);
        return where.ToString();
    }

    /// <summary>Records of any of the visible organizations, teams or users (each a JSON array for <c>json_each</c>).</summary>
    private static void AddVisibility(StringBuilder where, List<SqliteParameter> parameters, SpendVisibility visible)
    {
        where.Append(" AND (organization_id IN (SELECT value FROM json_each($v_orgs))")
            .Append(" OR team_id IN (SELECT value FROM json_each($v_teams))")
            .Append(" OR user_id IN (SELECT value FROM json_each($v_users)))");
        parameters.Add(new("$v_orgs", JsonSerializer.Serialize(visible.OrganizationIds, SqliteJsonContext.Default.IReadOnlyCollectionString)));
        parameters.Add(new("$v_teams", JsonSerializer.Serialize(visible.TeamIds, SqliteJsonContext.Default.IReadOnlyCollectionString)));
        parameters.Add(new("$v_users", JsonSerializer.Serialize(visible.UserIds, SqliteJsonContext.Default.IReadOnlyCollectionString)));
    }
}

using System.Text;
using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The largest spend page one call returns, whatever <see cref="SpendQuery.Limit"/> asks.</summary>
    public const int MaxSpendPage = 1000;

    // Counters are absolute: the budget grain owns the running totals and storage keeps the latest.
    private const string UpsertCounterSql = """
        INSERT INTO budget_counters (kind, id, window_start, window_spent_nanos, lifetime_spent_nanos)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (kind, id) DO UPDATE SET window_start = excluded.window_start,
            window_spent_nanos = excluded.window_spent_nanos, lifetime_spent_nanos = excluded.lifetime_spent_nanos
        """;

    /// <inheritdoc />
    public async Task<BudgetCounter?> GetCounterAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = Command(
            "SELECT window_start, window_spent_nanos, lifetime_spent_nanos FROM budget_counters WHERE kind = $1 AND id = $2",
            SqlValues.Int((int)kind), SqlValues.Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new BudgetCounter(kind, id, SqlValues.FromTicks(reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2))
            : null;
    }

    /// <inheritdoc />
    public Task WriteSpendAsync(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, CancellationToken ct = default) =>
        WriteSpendAsync(records, counters, static () => [], ct);

    /// <summary>
    /// <see cref="WriteSpendAsync(IReadOnlyList{SpendRecord}, IReadOnlyList{BudgetCounter}, CancellationToken)"/> with
    /// statements of the caller's (a cluster's quota debits) run first, in the same transaction: the group commit is
    /// one round trip and one commit. <paramref name="first"/> is called once per attempt (a deadlock victim is retried).
    /// </summary>
    public async Task WriteSpendAsync(
        IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, Func<IReadOnlyList<NpgsqlBatchCommand>> first, CancellationToken ct = default)
    {
        var (orderedRecords, orderedCounters) = OrderForLocks(records, counters, first);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(ct);
            await using var batch = SpendBatch(connection, orderedRecords, orderedCounters, first);
            if (batch.BatchCommands.Count == 0) return;
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
                return;
            }
            catch (PostgresException e) when (e.IsRetryable() && attempt < MaxAttempts)
            {
                // The implicit transaction was rolled back whole; the next attempt starts clean.
            }
        }
    }

    /// <summary>
    /// <see cref="WriteSpendAsync(IReadOnlyList{SpendRecord}, IReadOnlyList{BudgetCounter}, Func{IReadOnlyList{NpgsqlBatchCommand}}, CancellationToken)"/>
    /// with blocking I/O, for the spend writer's own thread: the answer resumes that thread, with no continuation to
    /// queue to the thread pool (the socket underneath is non-blocking, so the read itself still waits on the socket
    /// engine).
    /// </summary>
    public void WriteSpend(IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, Func<IReadOnlyList<NpgsqlBatchCommand>> first)
    {
        var (orderedRecords, orderedCounters) = OrderForLocks(records, counters, first);
        for (var attempt = 1; ; attempt++)
        {
            using var connection = Open();
            using var batch = SpendBatch(connection, orderedRecords, orderedCounters, first);
            if (batch.BatchCommands.Count == 0) return;
            try
            {
                batch.ExecuteNonQuery();
                return;
            }
            catch (PostgresException e) when (e.IsRetryable() && attempt < MaxAttempts)
            {
                // The implicit transaction was rolled back whole; the next attempt starts clean.
            }
        }
    }

    // Rows are locked in one global order, so two silos' overlapping batches queue behind each other instead of
    // deadlocking: the caller's statements (in their own order), the log by request id, then daily rows by primary
    // key (the append statement sorts them), then counters by level. DistinctBy keeps the first record of a request
    // id, and the stable sort keeps "last counter wins" within a batch.
    private static (SpendRecord[] Records, BudgetCounter[] Counters) OrderForLocks(
        IReadOnlyList<SpendRecord> records, IReadOnlyList<BudgetCounter> counters, Func<IReadOnlyList<NpgsqlBatchCommand>> first)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(first);
        // Sorts on (key, position in the batch), so equal keys keep their batch order: the first record of a request id
        // is the one kept, and the last counter of a level is the one written last. Arrays and loops rather than LINQ's
        // DistinctBy and OrderBy: one array per list instead of a set, three iterators and their buffers per batch.
        var byId = Positioned(records);
        Array.Sort(byId, static (a, b) => Compare(string.CompareOrdinal(a.Item.RequestId, b.Item.RequestId), a.Position, b.Position));
        var n = 0;
        foreach (var (record, _) in byId)
            if (n == 0 || !string.Equals(byId[n - 1].Item.RequestId, record.RequestId, StringComparison.Ordinal)) byId[n++] = (record, 0);
        var orderedRecords = new SpendRecord[n];
        for (var i = 0; i < n; i++) orderedRecords[i] = byId[i].Item;
        var byLevel = Positioned(counters);
        Array.Sort(byLevel, static (a, b) => Compare(
            a.Item.Kind != b.Item.Kind ? a.Item.Kind.CompareTo(b.Item.Kind) : string.CompareOrdinal(a.Item.Id, b.Item.Id), a.Position, b.Position));
        var orderedCounters = new BudgetCounter[byLevel.Length];
        for (var i = 0; i < byLevel.Length; i++) orderedCounters[i] = byLevel[i].Item;
        return (orderedRecords, orderedCounters);
    }

    private static (T Item, int Position)[] Positioned<T>(IReadOnlyList<T> items)
    {
        var positioned = new (T Item, int Position)[items.Count];
        for (var i = 0; i < positioned.Length; i++) positioned[i] = (items[i], i);
        return positioned;
    }

    private static int Compare(int byKey, int position, int otherPosition) => byKey != 0 ? byKey : position.CompareTo(otherPosition);

    // No explicit transaction: the statements of one batch run in one implicit transaction (one Sync) and commit
    // together, so the group commit is a single round trip instead of BEGIN, batch and COMMIT. first() is called once
    // per attempt (a deadlock victim is retried).
    private static NpgsqlBatch SpendBatch(
        NpgsqlConnection connection, SpendRecord[] records, BudgetCounter[] counters, Func<IReadOnlyList<NpgsqlBatchCommand>> first)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var command in first()) batch.BatchCommands.Add(command);
        if (records.Length > 0) batch.BatchCommands.Add(SpendRows.Append(records));
        foreach (var counter in counters) batch.BatchCommands.Add(CounterUpsert(counter));
        return batch;
    }

    /// <inheritdoc />
    public Task<Page<SpendRecord>> ListSpendAsync(SpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = SpendFilter(query, out var parameters);
        return ReadPageAsync(
            $"SELECT COUNT(*) FROM spend_logs WHERE {where}",
            $"SELECT {SpendRows.Columns} FROM spend_logs WHERE {where} ORDER BY ts DESC, request_id DESC",
            parameters, Math.Clamp(query.Limit, 0, MaxSpendPage), Math.Max(0, query.Offset), SpendRows.Read, ct);
    }

    /// <inheritdoc />
    public async Task<long> SumSpendAsync(SpendQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = SpendFilter(query, out var parameters);
        await using var command = Command($"SELECT COALESCE(SUM(spend_nanos), 0)::bigint FROM spend_logs WHERE {where}", [.. parameters]);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlBatchCommand CounterUpsert(BudgetCounter counter) => SqlValues.Statement(UpsertCounterSql,
        SqlValues.Int((int)counter.Kind),
        SqlValues.Text(counter.Id),
        SqlValues.Long(SqlValues.ToTicks(counter.WindowStart)),
        SqlValues.Long(counter.WindowSpentNanos),
        SqlValues.Long(counter.LifetimeSpentNanos));

    private static string SpendFilter(SpendQuery query, out List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("TRUE");
        parameters = [];
        AddEquals(where, parameters, "key_id", query.KeyId);
        AddEquals(where, parameters, "team_id", query.TeamId);
        AddEquals(where, parameters, "user_id", query.UserId);
        AddEquals(where, parameters, "organization_id", query.OrganizationId);
        AddEquals(where, parameters, "customer_id", query.CustomerId);
        AddEquals(where, parameters, "request_id", query.RequestId);
        AddEquals(where, parameters, "model", query.Model);
        if (query.VisibleTo is { } visible)
        {
            // Records of any of the visible organizations, teams or users: one array parameter each.
            parameters.Add(SqlValues.TextArray(visible.OrganizationIds));
            where.Append(" AND (organization_id = ANY($").Append(parameters.Count).Append(')');
            parameters.Add(SqlValues.TextArray(visible.TeamIds));
            where.Append(" OR team_id = ANY($").Append(parameters.Count).Append(')');
            parameters.Add(SqlValues.TextArray(visible.UserIds));
            where.Append(" OR user_id = ANY($").Append(parameters.Count).Append("))");
        }
        AddRange(where, parameters, "ts", query.From, query.To);
        return where.ToString();
    }
}

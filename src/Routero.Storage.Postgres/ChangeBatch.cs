using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

/// <summary>
/// A change set as one statement batch: each statement that stands for an object remembers which, and
/// what it means when it touches no row. PostgreSQL runs the statements in order, so the first one that
/// missed decides the outcome, the very statement where a one-by-one loop would have stopped.
/// </summary>
internal sealed class ChangeBatch : IAsyncDisposable
{
    private readonly NpgsqlBatch _batch;
    private readonly List<Check?> _checks = [];

    public ChangeBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) => _batch = new NpgsqlBatch(connection, transaction);

    /// <summary>Adds a statement that must touch a row of <paramref name="kind"/>/<paramref name="id"/>, else the set fails as <paramref name="whenNoRow"/>.</summary>
    public void Add(NpgsqlBatchCommand statement, EntityKind kind, string id, CommitStatus whenNoRow)
    {
        _batch.BatchCommands.Add(statement);
        _checks.Add(new Check(kind, id, whenNoRow));
    }

    /// <summary>Adds a statement for which touching no row is fine (cascades, membership upserts).</summary>
    public void Add(NpgsqlBatchCommand statement)
    {
        _batch.BatchCommands.Add(statement);
        _checks.Add(null);
    }

    /// <summary>Runs the batch, one round trip, and says how the set ended; the caller commits only on success.</summary>
    public async Task<CommitResult> ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await _batch.ExecuteNonQueryAsync(ct);
            return FirstMiss(_checks.Count) ?? CommitResult.Ok;
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            // Read in the catch block, not the filter: filters run before Npgsql's own catch block has
            // stamped the failing statement on the exception (which it does because the store's connection
            // string sets Include Failed Batched Command).
            var index = e.BatchCommand is NpgsqlBatchCommand failed ? _batch.BatchCommands.IndexOf(failed) : -1;
            if (index < 0 || _checks[index] is not { } check)
            {
                throw;
            }
            // An update took a key hash that another key has: the same refusal as inserting it. A statement
            // before it that missed came first, though, and names the outcome instead.
            return FirstMiss(index) ?? new CommitResult(CommitStatus.Duplicate, check.Kind, check.Id);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _batch.DisposeAsync();

    private CommitResult? FirstMiss(int executed)
    {
        for (var i = 0; i < executed; i++)
        {
            if (_checks[i] is { } check && _batch.BatchCommands[i].RecordsAffected == 0)
            {
                return new CommitResult(check.WhenNoRow, check.Kind, check.Id);
            }
        }
        return null;
    }

    private readonly record struct Check(EntityKind Kind, string Id, CommitStatus WhenNoRow);
}

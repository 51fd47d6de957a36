using Npgsql;
using NpgsqlTypes;

namespace Routero.Storage.Postgres;

/// <summary>How CLR values map to PostgreSQL columns and parameters, in one place so every table agrees.</summary>
internal static class SqlValues
{
    /// <summary>
    /// Timestamps are UTC ticks in a <c>bigint</c>: exact to 100 ns (timestamptz keeps only microseconds),
    /// ordered as integers, and the same values the SQLite store keeps.
    /// </summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    // Typed parameters: no boxing for values, and an explicit type for nulls so PostgreSQL never has to guess.
    public static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    public static NpgsqlParameter<long> Long(long value) => new() { TypedValue = value };

    public static NpgsqlParameter<bool> Bool(bool value) => new() { TypedValue = value };

    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter<string?[]> TextArray(IEnumerable<string?> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = values.ToArray() };

    /// <summary>An array of values (integer[], bigint[], boolean[]): one parameter for a whole column of rows.</summary>
    public static NpgsqlParameter<T[]> ValueArray<T>(IEnumerable<T> values) where T : struct => new() { TypedValue = values.ToArray() };

    /// <summary>Days are the integer yyyymmdd (20250314), as in the SQLite store.</summary>
    public static int ToDay(DateOnly day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;

    public static DateOnly FromDay(int day) => new(day / 10_000, day / 100 % 100, day % 100);

    public static string? GetStringOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A batch statement with positional parameters (<c>$1</c>, <c>$2</c>, ...), in order.</summary>
    public static NpgsqlBatchCommand Statement(string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A unique constraint refused the statement (SQLSTATE 23505).</summary>
    public static bool IsUniqueViolation(this PostgresException exception) => exception.SqlState == PostgresErrorCodes.UniqueViolation;

    /// <summary>
    /// The transaction lost a deadlock or a serialization check (40P01, 40001): it was rolled back as a
    /// whole, so running it again is safe.
    /// </summary>
    public static bool IsRetryable(this PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}

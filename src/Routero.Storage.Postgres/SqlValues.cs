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

    // A string[] is text[] by its CLR type (nulls inside included). Naming the type (NpgsqlDbType) made Npgsql build
    // its type name ("pg_catalog._text") for every parameter of every execution: ten strings per group commit.
    public static NpgsqlParameter<string?[]> TextArray(IEnumerable<string?> values) => new() { TypedValue = values.ToArray() };

    /// <summary>One column of <paramref name="rows"/> as a text[] parameter (no iterator: a loop into the array).</summary>
    public static NpgsqlParameter<string?[]> TextArray<TRow>(TRow[] rows, Func<TRow, string?> column) => new() { TypedValue = Column(rows, column) };

    /// <summary>An array of values (integer[], bigint[], boolean[]): one parameter for a whole column of rows.</summary>
    public static NpgsqlParameter<T[]> ValueArray<T>(IEnumerable<T> values) where T : struct => new() { TypedValue = values.ToArray() };

    /// <summary>One column of <paramref name="rows"/> as an array parameter of values.</summary>
    public static NpgsqlParameter<T[]> ValueArray<TRow, T>(TRow[] rows, Func<TRow, T> column) where T : struct => new() { TypedValue = Column(rows, column) };

    private static T[] Column<TRow, T>(TRow[] rows, Func<TRow, T> column)
    {
        var values = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) values[i] = column(rows[i]);
        return values;
    }

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

using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

/// <summary>How CLR values map to SQLite columns, in one place so every table agrees.</summary>
internal static class SqlValues
{
    /// <summary>Timestamps are UTC ticks: exact to 100 ns, and ordered as integers.</summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>Days are the integer yyyymmdd (20250314): readable, and ordered as the days are.</summary>
    public static int ToDay(DateOnly day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;

    public static DateOnly FromDay(int day) => new(day / 10_000, day / 100 % 100, day % 100);

    /// <summary>Adds a parameter, mapping null to SQL NULL (ADO.NET refuses a bare null).</summary>
    public static SqliteParameter Add(this SqliteParameterCollection parameters, string name, object? value) =>
        parameters.AddWithValue(name, value ?? DBNull.Value);

    /// <summary>Sets a reused parameter's value, mapping null to SQL NULL.</summary>
    public static void Set(this SqliteParameterCollection parameters, string name, object? value) =>
        parameters[name].Value = value ?? DBNull.Value;

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A command bound to <paramref name="transaction"/> (null outside one).</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>SQLITE_CONSTRAINT: a uniqueness (or other) constraint refused the statement.</summary>
    public static bool IsConstraintViolation(this SqliteException exception) => exception.SqliteErrorCode == 19;
}

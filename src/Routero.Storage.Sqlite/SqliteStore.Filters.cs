using System.Text;
using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

// Filter clauses the list queries share.
public sealed partial class SqliteStore
{
    /// <summary>Adds <c>column &gt;= from AND column &lt; to</c> for the bounds given, as ticks.</summary>
    private static void AddRange(StringBuilder where, List<SqliteParameter> parameters, string column, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f)
        {
            where.Append(" AND ").Append(column).Append(" >= $from");
            parameters.Add(new("$from", SqlValues.ToTicks(f)));
        }
        if (to is { } t)
        {
            where.Append(" AND ").Append(column).Append(" < $to");
            parameters.Add(new("$to", SqlValues.ToTicks(t)));
        }
    }
}

using System.Text;
using Npgsql;

namespace Routero.Storage.Postgres;

// Filter clauses the list queries share, each adding its parameters after those already there.
public sealed partial class PostgresStore
{
    /// <summary>Adds <c>column = ANY($n)</c>: one array parameter, however many values.</summary>
    private static void AddAny(StringBuilder where, List<NpgsqlParameter> parameters, string column, IEnumerable<string> values)
    {
        parameters.Add(SqlValues.TextArray(values));
        where.Append(" AND ").Append(column).Append(" = ANY($").Append(parameters.Count).Append(')');
    }

    /// <summary>Adds <c>column &gt;= from AND column &lt; to</c> for the bounds given, as ticks.</summary>
    private static void AddRange(StringBuilder where, List<NpgsqlParameter> parameters, string column, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f)
        {
            parameters.Add(SqlValues.Long(SqlValues.ToTicks(f)));
            where.Append(" AND ").Append(column).Append(" >= $").Append(parameters.Count);
        }
        if (to is { } t)
        {
            parameters.Add(SqlValues.Long(SqlValues.ToTicks(t)));
            where.Append(" AND ").Append(column).Append(" < $").Append(parameters.Count);
        }
    }
}

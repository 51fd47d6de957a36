using System.Text;
using Npgsql;

namespace Routero.Storage.Postgres;

/// <summary>
/// Which PostgreSQL database the cluster store uses. Bindable from configuration (the parameterless
/// constructor) or built in code (<c>new PostgresStoreOptions("Host=db;Database=routero;Username=routero")</c>).
/// </summary>
/// <param name="ConnectionString">
/// An Npgsql connection string. <c>Search Path</c> picks the schema the tables live in (it must exist);
/// pool sizes and timeouts are taken as given. The password never appears in <see cref="ToString"/>.
/// </param>
public sealed record PostgresStoreOptions(string ConnectionString)
{
    /// <summary>For configuration binding; set <see cref="ConnectionString"/> before use.</summary>
    public PostgresStoreOptions() : this(string.Empty)
    {
    }

    /// <summary>Throws when the options cannot describe a usable store.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("PostgresStoreOptions.ConnectionString must not be empty.", nameof(ConnectionString));
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Rethrown without the original exception: its message may quote the string, password included.
            throw new ArgumentException("PostgresStoreOptions.ConnectionString is not a valid Npgsql connection string.", nameof(ConnectionString));
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException("PostgresStoreOptions.ConnectionString must name a Host.", nameof(ConnectionString));
        }
    }

    // Options get logged at startup; the connection string is printed with its password masked.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(Redacted(ConnectionString));
        return true;
    }

    private static string Redacted(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.Password is not null)
            {
                builder.Password = "***";
            }
            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return "(invalid)";
        }
    }
}

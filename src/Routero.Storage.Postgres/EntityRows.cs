using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

/// <summary>The <c>entities</c> row layout: its column list, and reading and binding a row.</summary>
internal static class EntityRows
{
    public const string Columns =
        "kind, id, organization_id, team_id, user_id, alias, key_hash, json, version, created_at, updated_at";

    public static StoredEntity Read(NpgsqlDataReader r) => new()
    {
        Kind = (EntityKind)r.GetInt32(0),
        Id = r.GetString(1),
        OrganizationId = r.GetStringOrNull(2),
        TeamId = r.GetStringOrNull(3),
        UserId = r.GetStringOrNull(4),
        Alias = r.GetStringOrNull(5),
        KeyHash = r.GetStringOrNull(6),
        Json = r.GetString(7),
        Version = r.GetInt64(8),
        CreatedAt = SqlValues.FromTicks(r.GetInt64(9)),
        UpdatedAt = SqlValues.FromTicks(r.GetInt64(10)),
    };

    /// <summary>A statement whose parameters <c>$1</c>..<c>$11</c> are the row's columns, in <see cref="Columns"/> order.</summary>
    public static NpgsqlBatchCommand Statement(string sql, StoredEntity e, long version) => SqlValues.Statement(sql,
        SqlValues.Int((int)e.Kind),
        SqlValues.Text(e.Id),
        SqlValues.Text(e.OrganizationId),
        SqlValues.Text(e.TeamId),
        SqlValues.Text(e.UserId),
        SqlValues.Text(e.Alias),
        SqlValues.Text(e.KeyHash),
        SqlValues.Text(e.Json),
        SqlValues.Long(version),
        SqlValues.Long(SqlValues.ToTicks(e.CreatedAt)),
        SqlValues.Long(SqlValues.ToTicks(e.UpdatedAt)));
}

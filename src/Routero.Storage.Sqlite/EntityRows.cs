using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

/// <summary>The <c>entities</c> row layout: its column list, and reading and binding a row.</summary>
internal static class EntityRows
{
    public const string Columns =
        "kind, id, organization_id, team_id, user_id, alias, key_hash, json, version, created_at, updated_at";

    public static StoredEntity Read(SqliteDataReader r) => new()
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

    /// <summary>Declares the parameters every entity statement uses, so one prepared command serves a batch.</summary>
    public static void Declare(SqliteCommand command)
    {
        foreach (var name in (ReadOnlySpan<string>)["$kind", "$id", "$org", "$team", "$user", "$alias", "$hash", "$json", "$version", "$created", "$updated"])
        {
            command.Parameters.Add(name, null);
        }
    }

    public static void Bind(SqliteCommand command, StoredEntity e, long version)
    {
        var p = command.Parameters;
        p.Set("$kind", (int)e.Kind);
        p.Set("$id", e.Id);
        p.Set("$org", e.OrganizationId);
        p.Set("$team", e.TeamId);
        p.Set("$user", e.UserId);
        p.Set("$alias", e.Alias);
        p.Set("$hash", e.KeyHash);
        p.Set("$json", e.Json);
        p.Set("$version", version);
        p.Set("$created", SqlValues.ToTicks(e.CreatedAt));
        p.Set("$updated", SqlValues.ToTicks(e.UpdatedAt));
    }
}

using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string MembershipColumns = "scope_kind, scope_id, user_id, role, team_id";

    /// <summary>Members of one scope, ordered by user id.</summary>
    public async Task<IReadOnlyList<Membership>> ListMembersAsync(EntityKind scopeKind, string scopeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scopeId);
        await using var command = Command(
            $"SELECT {MembershipColumns} FROM memberships WHERE scope_kind = $1 AND scope_id = $2 ORDER BY user_id",
            SqlValues.Int((int)scopeKind), SqlValues.Text(scopeId));
        return await ReadMembershipsAsync(command, ct);
    }

    /// <summary>Memberships of one user, ordered by scope kind, then scope id.</summary>
    public async Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        await using var command = Command(
            $"SELECT {MembershipColumns} FROM memberships WHERE user_id = $1 ORDER BY scope_kind, scope_id",
            SqlValues.Text(userId));
        return await ReadMembershipsAsync(command, ct);
    }

    private static async Task<IReadOnlyList<Membership>> ReadMembershipsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var memberships = new List<Membership>();
        while (await reader.ReadAsync(ct))
        {
            memberships.Add(new Membership(
                (EntityKind)reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetStringOrNull(4)));
        }
        return memberships;
    }

    private static NpgsqlBatchCommand PutMembership(Membership m) => SqlValues.Statement($"""
        INSERT INTO memberships ({MembershipColumns}) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (scope_kind, scope_id, user_id) DO UPDATE SET role = excluded.role, team_id = excluded.team_id
        """,
        SqlValues.Int((int)m.ScopeKind), SqlValues.Text(m.ScopeId), SqlValues.Text(m.UserId), SqlValues.Text(m.Role), SqlValues.Text(m.TeamId));

    // Removing a membership that is already gone is not a conflict: the desired state holds.
    private static NpgsqlBatchCommand DeleteMembership(EntityKind scopeKind, string scopeId, string userId) => SqlValues.Statement(
        "DELETE FROM memberships WHERE scope_kind = $1 AND scope_id = $2 AND user_id = $3",
        SqlValues.Int((int)scopeKind), SqlValues.Text(scopeId), SqlValues.Text(userId));
}

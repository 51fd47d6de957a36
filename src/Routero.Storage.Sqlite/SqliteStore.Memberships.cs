using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string MembershipColumns = "scope_kind, scope_id, user_id, role, team_id";

    /// <summary>Members of one scope, ordered by user id.</summary>
    public Task<IReadOnlyList<Membership>> ListMembersAsync(EntityKind scopeKind, string scopeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scopeId);
        return ReadAsync(async (connection, token) =>
        {
            await using var command = connection.Command(
                $"SELECT {MembershipColumns} FROM memberships WHERE scope_kind = $kind AND scope_id = $scope ORDER BY user_id;");
            command.Parameters.Add("$kind", (int)scopeKind);
            command.Parameters.Add("$scope", scopeId);
            return await ReadMembershipsAsync(command, token);
        }, ct);
    }

    /// <summary>Memberships of one user, ordered by scope kind, then scope id.</summary>
    public Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ReadAsync(async (connection, token) =>
        {
            await using var command = connection.Command(
                $"SELECT {MembershipColumns} FROM memberships WHERE user_id = $user ORDER BY scope_kind, scope_id;");
            command.Parameters.Add("$user", userId);
            return await ReadMembershipsAsync(command, token);
        }, ct);
    }

    private static async Task<IReadOnlyList<Membership>> ReadMembershipsAsync(SqliteCommand command, CancellationToken ct)
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

    private static async Task PutMembershipsAsync(SqliteConnection c, SqliteTransaction tx, List<Membership> memberships, CancellationToken ct)
    {
        await using var command = c.Command($"""
            INSERT INTO memberships ({MembershipColumns}) VALUES ($kind, $scope, $user, $role, $team)
            ON CONFLICT (scope_kind, scope_id, user_id) DO UPDATE SET role = excluded.role, team_id = excluded.team_id;
            """, tx);
        foreach (var m in memberships)
        {
            command.Parameters.Clear();
            command.Parameters.Add("$kind", (int)m.ScopeKind);
            command.Parameters.Add("$scope", m.ScopeId);
            command.Parameters.Add("$user", m.UserId);
            command.Parameters.Add("$role", m.Role);
            command.Parameters.Add("$team", m.TeamId);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task DeleteMembershipsAsync(
        SqliteConnection c, SqliteTransaction tx, List<(EntityKind ScopeKind, string ScopeId, string UserId)> deletes, CancellationToken ct)
    {
        // Removing a membership that is already gone is not a conflict: the desired state holds.
        await using var command = c.Command(
            "DELETE FROM memberships WHERE scope_kind = $kind AND scope_id = $scope AND user_id = $user;", tx);
        foreach (var (kind, scope, user) in deletes)
        {
            command.Parameters.Clear();
            command.Parameters.Add("$kind", (int)kind);
            command.Parameters.Add("$scope", scope);
            command.Parameters.Add("$user", user);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

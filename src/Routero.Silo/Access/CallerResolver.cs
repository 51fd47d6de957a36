using System.Security.Cryptography;
using System.Text;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Provisioning;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Access;

/// <summary>
/// Turns an admin request's <c>Authorization: Bearer ...</c> into its caller: the master key, or a user's virtual key
/// with the roles the user holds now (read from storage on every admin call, so a role change or a block takes effect
/// on the next call, on every silo).
/// </summary>
internal static class CallerResolver
{
    /// <summary>The caller, or the 401 that refuses it.</summary>
    public static async Task<AdminCaller> ResolveAsync(HttpContext http, SiloRuntime runtime)
    {
        var presented = VirtualKeys.FromAuthorization(http.Request.Headers.Authorization.ToString());
        if (presented.IsEmpty)
            throw Unauthorized("No admin key: send 'Authorization: Bearer <master key or your key>'.");
        if (IsMasterKey(presented, runtime.MasterKey)) return AdminCaller.Master;
        var keyId = await runtime.Store.FindKeyIdByHashAsync(KeyHash.Of(presented).ToHex());
        var key = keyId is null ? null : await AdminStore.FindAsync<KeyRecord>(runtime, EntityKind.Key, keyId);
        if (key is null) throw Unauthorized("Invalid admin key.");
        if (key.Record.Blocked) throw Unauthorized("This key is blocked.", "key_blocked");
        if (key.Record.ExpiresAt is { } expires && runtime.Time.GetUtcNow() >= expires)
            throw Unauthorized($"This key expired at {expires:O}.", "expired_key");
        if (key.Record.UserId is not { } userId)
            throw new ApiException(ApiError.Forbidden("This key belongs to no user; admin routes take a user's key or the master key.", "permission_denied"));
        var user = await AdminStore.FindAsync<UserRecord>(runtime, EntityKind.User, userId);
        if (user is null || user.Record.Blocked) throw Unauthorized("The user of this key is blocked or deleted.", "key_blocked");
        if (user.Record.Blocks(key.Record.OrganizationId ?? user.Record.OrganizationId))
            throw Unauthorized("The user of this key was deprovisioned by the organization's identity provider.", "key_blocked");
        return await CallerOfAsync(runtime, user.Record, key.Record.KeyId);
    }

    /// <summary>A user's grants: the global role, every organization membership and every team membership.</summary>
    public static async Task<AdminCaller> CallerOfAsync(SiloRuntime runtime, UserRecord user, string? keyId)
    {
        var grants = new List<AdminGrant>();
        if (AdminRoles.Global(user.UserRole) is { } global) grants.Add(new AdminGrant(global, null));
        var memberships = await runtime.Store.ListMembershipsOfUserAsync(user.UserId);
        var (organizations, teams) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        // An organization that deprovisioned the user (SCIM) lends them no role, whichever key they present.
        foreach (var m in memberships.Where(m => m.ScopeKind == EntityKind.Organization && !user.Blocks(m.ScopeId)))
        {
            organizations.Add(m.ScopeId);
            if (await OrganizationRoleAsync(runtime, m.ScopeId, m.Role) is { } role) grants.Add(new AdminGrant(role, m.ScopeId, m.TeamId));
        }
        var teamMemberships = memberships.Where(m => m.ScopeKind == EntityKind.Team).ToList();
        var teamOrganizations = await TeamOrganizationsAsync(runtime, teamMemberships.Select(m => m.ScopeId).ToList());
        foreach (var m in teamMemberships)
        {
            var teamOrganization = teamOrganizations.GetValueOrDefault(m.ScopeId);
            if (teamOrganization is not null && user.Blocks(teamOrganization)) continue;
            teams.Add(m.ScopeId);
            if (teamOrganization is not null) organizations.Add(teamOrganization);
            grants.Add(new AdminGrant(AdminRoles.Team(m.Role), teamOrganization, m.ScopeId));
        }
        return new AdminCaller(user.UserId, user.UserId, keyId, grants, organizations, teams);
    }

    /// <summary>The organization of each of the teams that exist (null for a team of no organization), in one read.</summary>
    private static async Task<Dictionary<string, string?>> TeamOrganizationsAsync(SiloRuntime runtime, List<string> teamIds)
    {
        if (teamIds.Count == 0) return [];
        var rows = await runtime.Store.ListAsync(new EntityQuery(EntityKind.Team) { Ids = teamIds, Limit = teamIds.Count });
        return rows.Items.ToDictionary(t => t.Id, t => t.OrganizationId, StringComparer.Ordinal);
    }

    /// <summary>A built-in organization role, or the organization's custom role of that name (null if it has none).</summary>
    private static async Task<AdminRole?> OrganizationRoleAsync(SiloRuntime runtime, string organizationId, string role)
    {
        if (AdminRoles.OrganizationRoles.TryGetValue(role, out var builtIn)) return builtIn;
        var org = await AdminStore.FindAsync<OrganizationRecord>(runtime, EntityKind.Organization, organizationId);
        return org?.Record.CustomRoles.TryGetValue(role, out var routes) == true ? CustomRoles.Role(role, routes) : null;
    }

    /// <summary>Compares in constant time, so response timing does not reveal how much of the key matched.</summary>
    internal static bool IsMasterKey(ReadOnlySpan<char> presented, string masterKey) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToArray()), Encoding.UTF8.GetBytes(masterKey));

    private static ApiException Unauthorized(string message, string code = "invalid_api_key") =>
        new(ApiError.Unauthorized(message) with { Code = code });
}

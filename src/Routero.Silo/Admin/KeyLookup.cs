using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>Finding keys as LiteLLM's routes take them: the key itself (<c>sk-...</c>, hashed here) or its hash (<c>token</c>).</summary>
internal static class KeyLookup
{
    /// <summary>The stored hash (lowercase hex) of a passed key or token; a 400 naming <paramref name="param"/> for anything else.</summary>
    public static string HashOf(string passed, string param)
    {
        if (passed.StartsWith(VirtualKeys.Prefix, StringComparison.Ordinal)) return KeyHash.Of(passed).ToHex();
        return KeyHash.TryParseHex(passed, out var hash) ? hash.ToHex()
            : throw new ApiException(ApiError.BadRequest($"{param}: must be a key (sk-...) or its 64-hex-digit token", param));
    }

    /// <summary>The key, or null.</summary>
    public static async Task<Loaded<KeyRecord>?> FindAsync(SiloRuntime runtime, string passed, string param)
    {
        var keyId = await runtime.Store.FindKeyIdByHashAsync(HashOf(passed, param));
        return keyId is null ? null : await AdminStore.FindAsync<KeyRecord>(runtime, EntityKind.Key, keyId);
    }

    /// <summary>The key, or a 404 naming <paramref name="param"/>.</summary>
    public static async Task<Loaded<KeyRecord>> GetAsync(SiloRuntime runtime, string passed, string param) =>
        await FindAsync(runtime, passed, param) ?? throw new ApiException(ApiError.NotFound($"No key matches '{param}'.", param));
}

/// <summary>Who a key belongs to: a team and/or a user that must exist, and the organization that follows from them.</summary>
internal static class KeyOwner
{
    /// <summary>
    /// Checks the team and user exist and answers the key's organization: the team's, else
    /// <paramref name="organizationId"/> (which must exist), else the user's default.
    /// With <paramref name="mustMatchTeam"/>, an organization other than the team's is a 400.
    /// </summary>
    public static async Task<string?> ResolveAsync(SiloRuntime runtime, string? teamId, string? userId, string? organizationId, bool mustMatchTeam)
    {
        var team = teamId is null ? null : await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, teamId, "team_id");
        var user = userId is null ? null : await AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, userId, "user_id");
        if (team is not null)
        {
            if (mustMatchTeam && organizationId is not null && organizationId != team.Record.OrganizationId)
                throw new ApiException(ApiError.BadRequest(
                    $"organization_id: team '{teamId}' belongs to organization '{team.Record.OrganizationId}'", "organization_id"));
            return team.Record.OrganizationId;
        }
        if (organizationId is not null)
        {
            await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, organizationId, "organization_id");
            return organizationId;
        }
        return user?.Record.OrganizationId;
    }
}

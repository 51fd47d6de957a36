using Routero.Keys;
using Routero.Provisioning;
using Routero.Tenancy;

namespace Routero.Policy;

/// <summary>
/// A key's resolved chain, immutable: who the key belongs to, which models the chain allows (the
/// intersection of every level's list), where it may be used from, and whether any level blocks it.
/// Built by the key grain when the policy epoch moves; read by the hot path without locks.
/// </summary>
public sealed class KeyPolicy
{
    /// <summary>The epoch this snapshot was built at.</summary>
    public required long Epoch { get; init; }
    /// <summary>The key's record.</summary>
    public required KeyRecord Key { get; init; }
    /// <summary>The hash the key has now: a request whose key hashes differently was made with a revoked secret.</summary>
    public required KeyHash TokenHash { get; init; }
    /// <summary>The key's organization, if any.</summary>
    public OrganizationRecord? Organization { get; init; }
    /// <summary>The key's team, if any.</summary>
    public TeamRecord? Team { get; init; }
    /// <summary>The key's user, if any.</summary>
    public UserRecord? User { get; init; }
    /// <summary>Models the chain allows.</summary>
    public required ModelAccess Models { get; init; }
    /// <summary>The key's <c>allow_ips</c>, or null for any address.</summary>
    public IpAllowList? AllowIps { get; init; }
    /// <summary>Why the key cannot be used at all (a level is blocked or gone), or null.</summary>
    public string? Unusable { get; init; }

    /// <summary>The organization id requests of this key are accounted to.</summary>
    public string? OrganizationId => Organization?.OrganizationId ?? Key.OrganizationId;

    /// <summary>Resolves the chain of a key from the grains of its levels.</summary>
    internal static async Task<KeyPolicy> BuildAsync(KeyRecord record, KeyHash tokenHash, long epoch, GrainContext context)
    {
        var host = context.Host;
        var team = record.TeamId is { } t ? (await host.GetAsync<TeamGrain>(t).ConfigureAwait(false)).Record : null;
        var user = record.UserId is { } u ? (await host.GetAsync<UserGrain>(u).ConfigureAwait(false)).Record : null;
        var orgId = record.OrganizationId ?? team?.OrganizationId ?? user?.OrganizationId;
        var org = orgId is not null ? (await host.GetAsync<OrganizationGrain>(orgId).ConfigureAwait(false)).Record : null;
        var models = new List<IReadOnlyCollection<string>> { record.Models };
        if (team is not null) models.Add(team.Models);
        if (user is not null) models.Add(user.Models);
        if (org is not null) models.Add(org.Models);
        return new KeyPolicy
        {
            Epoch = epoch,
            Key = record,
            TokenHash = tokenHash,
            Organization = org,
            Team = team,
            User = user,
            Models = ModelAccess.Intersect(models),
            AllowIps = KeyGrain.ParseAllowList(record),
            Unusable = Unusability(record, team, user, org, orgId),
        };
    }

    private static string? Unusability(KeyRecord key, TeamRecord? team, UserRecord? user, OrganizationRecord? org, string? orgId) =>
        key.Blocked ? "This key is blocked."
        : key.TeamId is not null && team is null ? $"The key's team '{key.TeamId}' no longer exists."
        : key.UserId is not null && user is null ? $"The key's user '{key.UserId}' no longer exists."
        : orgId is not null && org is null ? $"The key's organization '{orgId}' no longer exists."
        : team?.Blocked == true ? $"The key's team '{team.TeamId}' is blocked."
        : user?.Blocked == true ? $"The key's user '{user.UserId}' is blocked."
        : user?.Blocks(orgId) == true ? $"The key's user '{user.UserId}' was deprovisioned by the organization's identity provider."
        : org?.Blocked == true ? $"The key's organization '{org.OrganizationId}' is blocked."
        : null;
}

using Routero.Tenancy;

namespace Routero.Provisioning;

/// <summary>What an identity provider's deprovisioning of a user (<see cref="UserRecord.DeprovisionedIn"/>) refuses.</summary>
public static class Deprovisioning
{
    /// <summary>
    /// Whether the user's keys that act in <paramref name="organizationId"/> are refused: the organization deprovisioned
    /// the user. A key that acts in no organization is refused once any organization did: it cannot be told apart.
    /// </summary>
    public static bool Blocks(this UserRecord user, string? organizationId) =>
        user.DeprovisionedIn is { Count: > 0 } orgs && (organizationId is null || orgs.Contains(organizationId, StringComparer.Ordinal));

    /// <summary>The user with <paramref name="organizationId"/> added to or removed from <see cref="UserRecord.DeprovisionedIn"/>.</summary>
    public static UserRecord WithDeprovisioned(this UserRecord user, string organizationId, bool deprovisioned)
    {
        var current = user.DeprovisionedIn ?? [];
        if (current.Contains(organizationId, StringComparer.Ordinal) == deprovisioned) return user;
        List<string> next = deprovisioned ? [.. current, organizationId] : [.. current.Where(o => o != organizationId)];
        return user with { DeprovisionedIn = next.Count == 0 ? null : next };
    }
}

namespace Routero.Access;

/// <summary>
/// Where an admin object lives, for access checks: the organizations and teams it belongs to, the user who owns it
/// (a key's user, or a user themself), and for a team the users who are its members.
/// </summary>
public sealed record ResourceScope
{
    /// <summary>The organizations the object belongs to (a user may belong to several).</summary>
    public IReadOnlyCollection<string> Organizations { get; init; } = [];

    /// <summary>The teams the object belongs to (a team itself, a key's team, a user's teams).</summary>
    public IReadOnlyCollection<string> Teams { get; init; } = [];

    /// <summary>The user who owns the object: a key's user, or the user itself.</summary>
    public string? OwnerUserId { get; init; }

    /// <summary>For a team: its members, whom own-only roles let read it.</summary>
    public IReadOnlyCollection<string> MemberUserIds { get; init; } = [];

    /// <summary>An object of one organization (and optionally one team and one owner).</summary>
    public static ResourceScope Of(string? organizationId, string? teamId = null, string? ownerUserId = null) => new()
    {
        Organizations = organizationId is null ? [] : [organizationId],
        Teams = teamId is null ? [] : [teamId],
        OwnerUserId = ownerUserId,
    };
}

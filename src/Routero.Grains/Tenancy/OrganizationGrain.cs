namespace Routero.Tenancy;

/// <summary>An organization: the root level of every chain in it.</summary>
public sealed class OrganizationGrain(string id, GrainContext context) : LevelGrain<OrganizationRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Organization;
}

/// <summary>A team: budget, limits and model allowlist shared by its keys.</summary>
public sealed class TeamGrain(string id, GrainContext context) : LevelGrain<TeamRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Team;
}

/// <summary>An internal user: personal budget and limits across all of the user's keys.</summary>
public sealed class UserGrain(string id, GrainContext context) : LevelGrain<UserRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.User;
}

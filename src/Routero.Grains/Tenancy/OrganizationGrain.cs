namespace Routero.Tenancy;

/// <summary>An organization: the root level of every chain in it.</summary>
public sealed class OrganizationGrain(string id, GrainContext context) : LevelGrain<OrganizationRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Organization;

    /// <inheritdoc />
    protected override OrganizationRecord Compact(OrganizationRecord record) =>
        // Custom roles and the SCIM token's hash are read from storage by the admin facade, on every call.
        record with
        {
            OrganizationId = Id, OrganizationAlias = null, Metadata = null, CreatedBy = null, ScimTokenHash = null,
            CustomRoles = CompactCollections.NoRoles,
        };
}

/// <summary>A team: budget, limits and model allowlist shared by its keys.</summary>
public sealed class TeamGrain(string id, GrainContext context) : LevelGrain<TeamRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.Team;

    /// <inheritdoc />
    protected override TeamRecord Compact(TeamRecord record) =>
        record with
        {
            TeamId = Id, OrganizationId = Context.Intern(record.OrganizationId), TeamAlias = null, ExternalId = null,
            Metadata = null, CreatedBy = null,
        };
}

/// <summary>An internal user: personal budget and limits across all of the user's keys.</summary>
public sealed class UserGrain(string id, GrainContext context) : LevelGrain<UserRecord>(id, context)
{
    /// <inheritdoc />
    public override EntityKind Kind => EntityKind.User;

    /// <inheritdoc />
    protected override UserRecord Compact(UserRecord record) =>
        record with
        {
            UserId = Id, OrganizationId = Context.Intern(record.OrganizationId), UserRole = Context.Intern(record.UserRole)!,
            UserEmail = null, UserAlias = null, Metadata = null, CreatedBy = null,
        };
}

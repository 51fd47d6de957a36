namespace Routero.Access;

/// <summary>
/// Who calls the admin facade: the master key, or an internal user through one of their keys, with the roles
/// (<see cref="Grants"/>) the user holds, and the organizations and teams they belong to.
/// </summary>
public sealed class AdminCaller
{
    /// <summary>The name of the master key as a caller (<c>created_by</c>, audit records).</summary>
    public const string MasterName = "master_key";

    /// <summary>The master key: every permission, everywhere.</summary>
    public static readonly AdminCaller Master = new(MasterName, null, null, [new AdminGrant(AdminRoles.ProxyAdmin, null)], [], []) { IsMaster = true };

    /// <summary>Creates a caller.</summary>
    public AdminCaller(string name, string? userId, string? keyId, IReadOnlyList<AdminGrant> grants,
        IReadOnlyCollection<string> organizations, IReadOnlyCollection<string> teams)
    {
        (Name, UserId, KeyId, Grants, Organizations, Teams) = (name, userId, keyId, grants, organizations, teams);
    }

    /// <summary>How the caller is named in <c>created_by</c> and the audit log: <c>master_key</c> or the user's id.</summary>
    public string Name { get; }

    /// <summary>The user, or null for the master key (and for machine callers such as a SCIM client).</summary>
    public string? UserId { get; }

    /// <summary>The internal id of the key the caller presented, if a virtual key.</summary>
    public string? KeyId { get; }

    /// <summary>True for the master key.</summary>
    public bool IsMaster { get; private init; }

    /// <summary>The roles the caller holds and where.</summary>
    public IReadOnlyList<AdminGrant> Grants { get; }

    /// <summary>Organizations the caller belongs to (directly or through a team).</summary>
    public IReadOnlyCollection<string> Organizations { get; }

    /// <summary>Teams the caller belongs to.</summary>
    public IReadOnlyCollection<string> Teams { get; }

    /// <summary>A machine caller acting with one role in one organization (a SCIM client with the organization's token).</summary>
    public static AdminCaller ForOrganization(string name, string organizationId, AdminRole role) =>
        new(name, null, null, [new AdminGrant(role, organizationId)], [organizationId], []);
}

namespace Routero.Tenancy;

/// <summary>The levels of the tenant hierarchy, and keys.</summary>
public enum EntityKind
{
    /// <summary>An organization (workspace).</summary>
    Organization = 1,
    /// <summary>A team within an organization.</summary>
    Team = 2,
    /// <summary>An internal user.</summary>
    User = 3,
    /// <summary>An end customer of a tenant, named by a request's <c>user</c> field.</summary>
    Customer = 4,
    /// <summary>A virtual key.</summary>
    Key = 5,
    /// <summary>
    /// An organization's identity-provider view of one of its users (a SCIM User resource). Not a level of the
    /// hierarchy: no grain, no budget. Numbered apart from the levels, which may grow.
    /// </summary>
    ScimUser = 20,
}

/// <summary>Names of the kinds as the API and error messages say them.</summary>
public static class EntityKinds
{
    /// <summary>The lower-case name ("organization", "team", ...).</summary>
    public static string Name(this EntityKind kind) => kind switch
    {
        EntityKind.Organization => "organization",
        EntityKind.Team => "team",
        EntityKind.User => "user",
        EntityKind.Customer => "customer",
        EntityKind.Key => "key",
        EntityKind.ScimUser => "scim_user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

using Routero.Tenancy;

namespace Routero.Audit;

/// <summary>
/// What the audit log calls the objects it records: a target type (<c>key</c>, <c>team_membership</c>) and
/// LiteLLM's table name for it (<c>LiteLLM_VerificationToken</c>), which LiteLLM's audit answers call <c>table_name</c>.
/// </summary>
internal static class AuditTargets
{
    /// <summary>The membership target types.</summary>
    public const string TeamMembership = "team_membership", OrganizationMembership = "organization_membership";

    /// <summary>The target type of an organization's setting (<c>/config/update</c>).</summary>
    public const string OrganizationSetting = "organization_setting";

    private static readonly (string Type, string Table)[] Names =
    [
        ("organization", "LiteLLM_OrganizationTable"),
        ("team", "LiteLLM_TeamTable"),
        ("user", "LiteLLM_UserTable"),
        ("customer", "LiteLLM_EndUserTable"),
        ("key", "LiteLLM_VerificationToken"),
        (TeamMembership, "LiteLLM_TeamMembership"),
        (OrganizationMembership, "LiteLLM_OrganizationMembership"),
        (OrganizationSetting, "LiteLLM_Config"),
    ];

    /// <summary>The target types, for validating filters.</summary>
    public static IReadOnlyList<string> Types { get; } = [.. Names.Select(n => n.Type)];

    /// <summary>The target type of an object kind.</summary>
    public static string TypeOf(EntityKind kind) => kind.Name();

    /// <summary>The target type of a membership of an organization or a team.</summary>
    public static string MembershipTypeOf(EntityKind scopeKind) =>
        scopeKind == EntityKind.Team ? TeamMembership : OrganizationMembership;

    /// <summary>LiteLLM's table name for a target type (the type itself for one LiteLLM has no table for).</summary>
    public static string TableOf(string type) => Names.FirstOrDefault(n => n.Type == type).Table ?? type;

    /// <summary>The target type of a LiteLLM table name, or null.</summary>
    public static string? TypeOfTable(string table) => Names.FirstOrDefault(n => n.Table == table).Type;

    /// <summary>A membership's target id: the scope and the user (ids never contain '/').</summary>
    public static string MembershipId(string scopeId, string userId) => $"{scopeId}/{userId}";
}

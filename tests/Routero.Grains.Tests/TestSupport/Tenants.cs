using Routero.Keys;
using Routero.Tenancy;

namespace Routero.Grains.Tests.TestSupport;

/// <summary>Tenant records as the admin layer writes them, with the ids the tests use.</summary>
internal static class Tenants
{
    public const string OrgId = "org-1";
    public const string TeamId = "team-1";
    public const string UserId = "user-1";
    public const string KeyId = "key-1";
    public const string CustomerName = "alice";

    public static readonly string CustomerId = CustomerGrain.ScopedId(OrgId, CustomerName);

    public static DateTimeOffset T0 => GrainWorld.T0;

    /// <summary>Limits with a lifetime budget of exactly <paramref name="nanos"/> nanodollars.</summary>
    public static Limits Budget(long nanos) => new() { MaxBudget = nanos / 1_000_000_000m, BudgetAnchor = T0 };

    public static OrganizationRecord Org(Limits? limits = null) =>
        new() { OrganizationId = OrgId, Limits = limits ?? Limits.None, CreatedAt = T0, UpdatedAt = T0 };

    public static TeamRecord Team(Limits? limits = null) =>
        new() { TeamId = TeamId, OrganizationId = OrgId, Limits = limits ?? Limits.None, CreatedAt = T0, UpdatedAt = T0 };

    public static UserRecord User(Limits? limits = null) =>
        new() { UserId = UserId, OrganizationId = OrgId, Limits = limits ?? Limits.None, CreatedAt = T0, UpdatedAt = T0 };

    public static CustomerRecord Customer(Limits? limits = null) =>
        new() { UserId = CustomerName, OrganizationId = OrgId, Limits = limits ?? Limits.None, CreatedAt = T0, UpdatedAt = T0 };

    public static KeyRecord Key(Limits? limits = null) => new()
    {
        KeyId = KeyId,
        Token = KeyHash.Of("sk-" + KeyId).ToHex(),
        KeyName = "sk-...ey-1",
        TeamId = TeamId,
        UserId = UserId,
        OrganizationId = OrgId,
        Limits = limits ?? Limits.None,
        CreatedAt = T0,
        UpdatedAt = T0,
    };
}

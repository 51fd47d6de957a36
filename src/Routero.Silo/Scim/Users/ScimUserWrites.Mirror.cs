using Routero.Access;
using Routero.Admin;
using Routero.Provisioning;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim.Users;

/// <summary>What a SCIM user's changes do to the Routero user it mirrors.</summary>
internal static partial class ScimUserWrites
{
    /// <summary>The Routero user of a SCIM user; a 404 when an admin took them out of the organization meanwhile.</summary>
    private static async Task<Loaded<UserRecord>> UserOfAsync(ScimContext scim, string userId) =>
        await AdminStore.FindAsync<UserRecord>(scim.Runtime, EntityKind.User, userId) ?? throw ScimException.NotFound($"User '{userId}' not found.");

    private static UserRecord NewUser(ScimContext scim, string userId, DateTimeOffset now) => new()
    {
        UserId = userId,
        OrganizationId = scim.OrganizationId,
        CreatedAt = now,
        UpdatedAt = now,
        CreatedBy = AdminAccess.CurrentCallerName,
        Limits = Limits.None with { BudgetAnchor = now },
    };

    /// <summary>
    /// The Routero user as the SCIM user describes it: <c>user_email</c> follows the primary e-mail (kept when the
    /// provider sends none), <c>user_alias</c> the display name, and the deprovisioning marker the provider's verdict.
    /// </summary>
    private static async Task<UserRecord> MirrorAsync(ScimContext scim, UserRecord user, ScimUserRecord identity, DateTimeOffset now)
    {
        var email = UserValues.PrimaryEmail(identity);
        if (email is not null && !string.Equals(email, user.UserEmail, StringComparison.OrdinalIgnoreCase)
            && await AdminStore.FindUserByEmailAsync(scim.Runtime, email) is { } other && other.Record.UserId != user.UserId)
            throw ScimException.Uniqueness($"emails: '{email}' is already the e-mail of another user.");
        var mirrored = user with { UserEmail = email ?? user.UserEmail, UserAlias = UserValues.Alias(identity) ?? user.UserAlias, UpdatedAt = now };
        return mirrored.WithDeprovisioned(scim.OrganizationId, identity.Deprovisions);
    }

    /// <summary>Refuses to link a user the organization cannot see, or one another SCIM user of it already mirrors.</summary>
    private static async Task RequireLinkableAsync(ScimContext scim, Loaded<UserRecord> existing, string email)
    {
        var scope = await AccessScopes.OfUserAsync(scim.Runtime, existing.Record.UserId, existing.Record.OrganizationId);
        if (!scope.Organizations.Contains(scim.OrganizationId))
            throw ScimException.Uniqueness($"emails: '{email}' is the e-mail of a Routero user outside this organization; an admin must add them to it first.");
        if (await ScimUserQueries.FindAsync(scim, existing.Record.UserId) is { } linked)
            throw ScimException.Uniqueness($"emails: '{email}' already belongs to the user '{linked.Record.UserId}' (userName '{linked.Record.UserName}').");
    }

    private static async Task EnsureMemberAsync(ScimContext scim, AdminChange change, string userId)
    {
        var memberships = await scim.Runtime.Store.ListMembershipsOfUserAsync(userId);
        if (!memberships.Any(m => m.ScopeKind == EntityKind.Organization && m.ScopeId == scim.OrganizationId))
            change.Set.PutMemberships.Add(new Membership(EntityKind.Organization, scim.OrganizationId, userId, "internal_user"));
    }

    /// <summary>How the user's access in the organization changed: null, or why it was removed, or that it came back.</summary>
    private static string? Transition(UserRecord? before, UserRecord after, string organizationId, ScimUserRecord? identity)
    {
        var (was, now) = (before?.Blocks(organizationId) == true, after.Blocks(organizationId));
        if (was == now) return null;
        if (!now) return ScimContext.Reprovisioned;
        return identity is null ? "deleted" : !identity.Active ? "active set to false" : "removed from their last team";
    }
}

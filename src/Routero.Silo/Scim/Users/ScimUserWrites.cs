using Routero.Access;
using Routero.Admin;
using Routero.Provisioning;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Scim.Users;

/// <summary>
/// Changes to SCIM users, each one <see cref="AdminCommit"/> (all or nothing, re-read on a concurrent change): the
/// SCIM user, the Routero user it mirrors (<c>user_email</c>, <c>user_alias</c>, the deprovisioning marker) and the
/// organization membership. The commit refreshes the user's grain and tells the other silos, so a deprovisioned
/// user's keys are refused from the very next request, everywhere.
/// </summary>
internal static partial class ScimUserWrites
{
    /// <summary>
    /// Provisions a user. An existing Routero user of the organization with the same e-mail is linked rather than
    /// duplicated (an admin may have created them first); a user of another organization is not taken over.
    /// </summary>
    public static async Task<ScimUserRecord> CreateAsync(ScimContext scim, UserAttributes attributes)
    {
        var (created, transition) = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            if (await ScimUserQueries.FindByUserNameAsync(scim, attributes.UserName) is { } taken)
                throw ScimException.Uniqueness($"userName '{attributes.UserName}' is already provisioned in this organization (id '{taken.Record.UserId}').");
            var identity = attributes.ApplyTo(new ScimUserRecord
            {
                OrganizationId = scim.OrganizationId, UserId = "", UserName = attributes.UserName,
                CreatedAt = change.Now, UpdatedAt = change.Now, CreatedBy = AdminAccess.CurrentCallerName,
            });
            var email = UserValues.PrimaryEmail(identity);
            var existing = email is null ? null : await AdminStore.FindUserByEmailAsync(scim.Runtime, email);
            if (existing is not null) await RequireLinkableAsync(scim, existing, email!);
            var user = existing?.Record ?? NewUser(scim, AdminIds.New(), change.Now);
            identity = identity with { UserId = user.UserId };
            change.Insert(identity);
            var mirrored = await MirrorAsync(scim, user, identity, change.Now);
            if (existing is null) change.Insert(mirrored); else change.Update(existing.Row, mirrored);
            await EnsureMemberAsync(scim, change, user.UserId);
            return (identity, Transition(existing?.Record, mirrored, scim.OrganizationId, identity));
        });
        scim.Report(created.UserId, transition);
        return created;
    }

    /// <summary>Replaces a SCIM user's attributes (PUT, and PATCH once its operations are applied to the current ones).</summary>
    public static async Task<ScimUserRecord> ReplaceAsync(ScimContext scim, string userId, Func<ScimUserRecord, UserAttributes> replace)
    {
        var (replaced, transition) = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            var current = await ScimUserQueries.GetAsync(scim, userId);
            var next = replace(current.Record).ApplyTo(current.Record) with { UpdatedAt = change.Now };
            if (ScimUserRecord.RowId(scim.OrganizationId, next.UserName) == current.Row.Id) change.Update(current.Row, next);
            else
            {
                // userName is the storage id, so a new one is a new row; one taken by another user is a 409, atomically.
                if (await ScimUserQueries.FindByUserNameAsync(scim, next.UserName) is not null)
                    throw ScimException.Uniqueness($"userName '{next.UserName}' is already provisioned in this organization.");
                change.Delete(current.Row);
                change.Insert(next);
            }
            var user = await UserOfAsync(scim, userId);
            var mirrored = await MirrorAsync(scim, user.Record, next, change.Now);
            change.Update(user.Row, mirrored);
            return (next, Transition(user.Record, mirrored, scim.OrganizationId, next));
        });
        scim.Report(userId, transition);
        return replaced;
    }

    /// <summary>
    /// Deprovisions the user and removes them from SCIM's view. The Routero user, their keys, memberships and spend
    /// stay (for the admins and the bills); the keys are refused until the provider provisions the user again.
    /// </summary>
    public static async Task DeleteAsync(ScimContext scim, string userId)
    {
        var transition = await AdminCommit.RunAsync(scim.Runtime, async change =>
        {
            var current = await ScimUserQueries.GetAsync(scim, userId);
            change.Delete(current.Row);
            if (await AdminStore.FindAsync<UserRecord>(scim.Runtime, EntityKind.User, userId) is not { } user) return null;
            var deprovisioned = user.Record.WithDeprovisioned(scim.OrganizationId, true);
            if (!ReferenceEquals(deprovisioned, user.Record)) change.Update(user.Row, deprovisioned with { UpdatedAt = change.Now });
            return Transition(user.Record, deprovisioned, scim.OrganizationId, null);
        });
        scim.Report(userId, transition);
    }

    /// <summary>
    /// Records in <paramref name="change"/> whether the provider removed the user from the last team of the
    /// organization, and the deprovisioning that follows; answers the access transition, if any.
    /// </summary>
    public static async Task<string?> SetGroupsLostAsync(ScimContext scim, AdminChange change, Loaded<ScimUserRecord> identity, bool lost)
    {
        if (identity.Record.GroupsLost == lost) return null;
        var next = identity.Record with { GroupsLost = lost, UpdatedAt = change.Now };
        change.Update(identity.Row, next);
        if (await AdminStore.FindAsync<UserRecord>(scim.Runtime, EntityKind.User, next.UserId) is not { } user) return null;
        var updated = user.Record.WithDeprovisioned(scim.OrganizationId, next.Deprovisions);
        if (ReferenceEquals(updated, user.Record)) return null;
        change.Update(user.Row, updated with { UpdatedAt = change.Now });
        return Transition(user.Record, updated, scim.OrganizationId, next);
    }
}

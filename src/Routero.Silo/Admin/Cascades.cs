using Routero.Provisioning;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// Deletions with what hangs off them, added to one change so that a delete never leaves keys that point
/// at nothing. Storage drops memberships and budget counters of deleted objects itself.
/// </summary>
internal static class Cascades
{
    /// <summary>Deletes a team and its keys.</summary>
    public static async Task DeleteTeamAsync(SiloRuntime runtime, AdminChange change, StoredEntity team)
    {
        Delete(change, team);
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.Key) { TeamId = team.Id });
    }

    /// <summary>Deletes a user, the user's keys and what identity providers provisioned for the user (SCIM).</summary>
    public static async Task DeleteUserAsync(SiloRuntime runtime, AdminChange change, StoredEntity user)
    {
        Delete(change, user);
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.Key) { UserId = user.Id });
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.ScimUser) { UserId = user.Id });
    }

    /// <summary>
    /// Deletes an organization, its teams, keys, customers and SCIM users. Users who had it as their default organization
    /// keep existing, without a default organization.
    /// </summary>
    public static async Task DeleteOrganizationAsync(SiloRuntime runtime, AdminChange change, StoredEntity org)
    {
        Delete(change, org);
        foreach (var team in await AdminStore.ListRowsAsync(runtime, new EntityQuery(EntityKind.Team) { OrganizationId = org.Id }))
            await DeleteTeamAsync(runtime, change, team);
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.Key) { OrganizationId = org.Id });
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.Customer) { OrganizationId = org.Id });
        await DeleteAllAsync(runtime, change, new EntityQuery(EntityKind.ScimUser) { OrganizationId = org.Id });
        // Users stay: those who acted in the organization by default lose it as their default, and an identity provider's
        // deprovisioning in it goes with it (else their keys of no organization would stay refused for good).
        var members = (await runtime.Store.ListMembersAsync(EntityKind.Organization, org.Id)).Select(m => m.UserId);
        var defaults = await AdminStore.ListAllAsync<UserRecord>(runtime, new EntityQuery(EntityKind.User) { OrganizationId = org.Id });
        var others = await AdminStore.ListAllAsync<UserRecord>(runtime, new EntityQuery(EntityKind.User) { Ids = [.. members] });
        foreach (var user in defaults.Concat(others).DistinctBy(u => u.Record.UserId))
        {
            var record = user.Record.WithDeprovisioned(org.Id, deprovisioned: false);
            if (record.OrganizationId == org.Id) record = record with { OrganizationId = null };
            if (record != user.Record) change.Update(user.Row, record with { UpdatedAt = change.Now });
        }
    }

    private static async Task DeleteAllAsync(SiloRuntime runtime, AdminChange change, EntityQuery query)
    {
        foreach (var row in await AdminStore.ListRowsAsync(runtime, query)) Delete(change, row);
    }

    private static void Delete(AdminChange change, StoredEntity row)
    {
        if (!change.Deletes(row.Kind, row.Id)) change.Delete(row);
    }
}

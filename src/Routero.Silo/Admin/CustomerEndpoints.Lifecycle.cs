using Routero.Access;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Tenancy;

namespace Routero.Admin;

internal static partial class CustomerEndpoints
{
    /// <summary>Deletes customers of the active organization; any unknown id fails the whole request.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, IdsFields);
        var (ids, orgId) = (CustomerIds(r), ActiveOrganization(r));
        await AdminCommit.RunAsync(runtime, async change =>
        {
            foreach (var id in ids) change.Delete((await GetAsync(runtime, orgId, id, "user_ids")).Row);
            return ids.Count;
        });
        return AdminJson.Ok(new JsonObject
        {
            ["deleted_customers"] = ids.Count,
            ["message"] = $"Successfully deleted customers with ids: [{string.Join(", ", ids)}]",
        });
    }

    /// <summary>
    /// Sets <c>blocked</c>. Blocking an unknown customer creates it blocked (as LiteLLM), with its organization's default
    /// customer budget as if first seen on a request; unblocking an unknown customer is a 404.
    /// </summary>
    private static async Task<IResult> SetBlockedAsync(HttpContext http, SiloRuntime runtime, bool blocked)
    {
        var r = await AdminRequest.ReadAsync(http, IdsFields);
        var (ids, orgId) = (CustomerIds(r), ActiveOrganization(r));
        var rows = await AdminCommit.RunAsync(runtime, async change =>
        {
            var org = orgId is null ? null : (await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id")).Record;
            var rows = new JsonArray();
            foreach (var id in ids)
            {
                var current = await AdminStore.FindAsync<CustomerRecord>(runtime, EntityKind.Customer, CustomerGrain.ScopedId(orgId, id));
                if (current is null && !blocked) throw new ApiException(ApiError.NotFound($"customer '{id}' does not exist.", "user_ids"));
                var record = (current?.Record ?? FirstSight(org, id, change.Now)) with { Blocked = blocked, UpdatedAt = change.Now };
                if (current is null) change.Insert(record);
                else change.Update(current.Row, record);
                rows.Add(Row(record));
            }
            return rows;
        });
        return AdminJson.Ok(new JsonObject { [blocked ? "blocked_users" : "unblocked_users"] = rows });
    }

    /// <summary>A customer as the relay creates one on first sight: the organization's default customer budget.</summary>
    private static CustomerRecord FirstSight(OrganizationRecord? org, string id, DateTimeOffset now) => new()
    {
        UserId = id,
        OrganizationId = org?.OrganizationId,
        CreatedAt = now,
        UpdatedAt = now,
        CreatedBy = AdminAccess.CurrentCallerName,
        Limits = new Limits { MaxBudget = org?.DefaultCustomerMaxBudget, BudgetDuration = org?.DefaultCustomerBudgetDuration, BudgetAnchor = now },
    };

    private static List<string> CustomerIds(FieldReader r)
    {
        var ids = r.Strings("user_ids") is { Count: > 0 } list ? list : throw r.Bad("user_ids", "must be a non-empty array of customer ids");
        if (ids.Any(id => id.Length is 0 or > 256)) throw r.Bad("user_ids", "every id must be 1 to 256 characters");
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }
}

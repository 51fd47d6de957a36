using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// <c>/customer/*</c>: end customers of a tenant, named by a request's <c>user</c> field. A customer id is scoped by
/// the active organization (<c>X-Organization-Id</c>, else <c>organization_id</c>), so tenants never share one.
/// </summary>
internal static partial class CustomerEndpoints
{
    private static readonly FrozenSet<string> WriteFields = Fields.Of(EntityFields.Names,
        ["user_id", "organization_id", "alias", "blocked", "allowed_model_region", "default_model"]);
    private static readonly FrozenSet<string> IdsFields = Fields.Of(["user_ids", "organization_id"]);

    /// <summary>Maps the customer routes.</summary>
    public static void MapCustomerEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/customer/new", NewAsync).Requires(AdminPermission.CustomerManage);
        admin.MapPost("/customer/update", UpdateAsync).Requires(AdminPermission.CustomerManage, orBudgetOnly: true);
        admin.MapGet("/customer/info", InfoAsync).Requires(AdminPermission.CustomerRead);
        admin.MapGet("/customer/list", ListAsync).Requires(AdminPermission.CustomerRead);
        admin.MapPost("/customer/delete", DeleteAsync).Requires(AdminPermission.CustomerManage);
        admin.MapPost("/customer/block", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, true)).Requires(AdminPermission.CustomerManage);
        admin.MapPost("/customer/unblock", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, false)).Requires(AdminPermission.CustomerManage);
    }

    private static async Task<IResult> NewAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, WriteFields);
        var (id, orgId) = (CustomerId(r, "user_id"), ActiveOrganization(r));
        var customer = await AdminCommit.RunAsync(runtime, async change =>
        {
            await RequireOrganizationAsync(runtime, orgId);
            var record = Apply(r, runtime, new CustomerRecord { UserId = id, OrganizationId = orgId }, change.Now, creating: true);
            change.Insert(record);
            return record;
        });
        return AdminJson.Ok(Row(customer));
    }

    /// <summary>Unlike LiteLLM, whose update drops falsy values, <c>blocked: false</c> here does unblock.</summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, WriteFields);
        var (id, orgId) = (CustomerId(r, "user_id"), ActiveOrganization(r));
        BudgetChanges.NarrowIfBudgetOnly(r, "user_id", "organization_id");
        var customer = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await GetAsync(runtime, orgId, id, "user_id");
            var record = Apply(r, runtime, current.Record, change.Now, creating: false);
            BudgetChanges.Check(ResourceScope.Of(orgId), current.Record.Limits, record.Limits);
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(Row(customer));
    }

    private static CustomerRecord Apply(FieldReader r, SiloRuntime runtime, CustomerRecord customer, DateTimeOffset now, bool creating)
    {
        var model = r.Pick("default_model", r.String, customer.DefaultModel);
        if (r.Has("default_model") && model is not null && runtime.Catalog.Find(model) is null)
            throw r.Bad("default_model", $"'{model}' is not a model of this gateway");
        return EntityFields.Apply(r, customer, now, creating) with
        {
            Alias = r.Pick("alias", r.String, customer.Alias),
            AllowedModelRegion = r.Pick("allowed_model_region", r.String, customer.AllowedModelRegion),
            DefaultModel = model,
        };
    }

    private static async Task<IResult> InfoAsync(HttpContext http, SiloRuntime runtime)
    {
        var id = AdminQuery.Required(http, "end_user_id");
        var orgId = CallerOrganization(AdminIds.ActiveOrganization(http, AdminQuery.String(http, "organization_id")));
        var customer = await GetAsync(runtime, orgId, id, "end_user_id");
        var row = Row(customer.Record);
        await SpendView.AddAsync(row, runtime, EntityKind.Customer, customer.Row.Id, customer.Record.Limits);
        return AdminJson.Ok(row);
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        var orgId = CallerOrganization(AdminIds.ActiveOrganization(http, AdminQuery.String(http, "organization_id")));
        AccessLists.RequireOwnOrganization(orgId, "organization_id");
        var customers = await AccessLists.AllAsync(runtime, new EntityQuery(EntityKind.Customer) { OrganizationId = orgId }, AdminPermission.CustomerRead);
        return AdminJson.Ok(AdminJson.Array(customers.Select(c => Row(AdminStore.Parse<CustomerRecord>(c)))));
    }

    /// <summary>A customer's row, with LiteLLM's <c>litellm_budget_table</c> when the customer has limits.</summary>
    private static JsonObject Row(CustomerRecord customer)
    {
        var row = AdminJson.Row(customer);
        var budget = new JsonObject();
        LimitFields.Write(budget, customer.Limits);
        row["litellm_budget_table"] = customer.Limits with { BudgetAnchor = default } == Limits.None ? null : budget;
        return row;
    }

    private static string CustomerId(FieldReader r, string name)
    {
        var id = r.RequiredString(name);
        return id.Length <= 256 ? id : throw r.Bad(name, "must be at most 256 characters");
    }

    private static string? ActiveOrganization(AdminRequest r) => CallerOrganization(AdminIds.ActiveOrganization(r.Http, AdminIds.Read(r, "organization_id")));

    /// <summary>
    /// Customers without an organization belong to no tenant, so only a platform admin reaches them; anyone else acts
    /// in the organization named, or in their only organization.
    /// </summary>
    private static string? CallerOrganization(string? named)
    {
        if (named is not null || AdminAccess.Current is not { } access || access.IsUnrestricted(access.Permission)) return named;
        return access.Caller.Organizations.Count == 1 ? access.Caller.Organizations.First()
            : throw new ApiException(ApiError.BadRequest($"organization_id: name the organization ({AdminIds.OrganizationHeader} or organization_id)", "organization_id"));
    }

    private static async Task RequireOrganizationAsync(SiloRuntime runtime, string? orgId)
    {
        if (orgId is not null) await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
    }

    private static async Task<Loaded<CustomerRecord>> GetAsync(SiloRuntime runtime, string? orgId, string id, string param) =>
        await AdminStore.FindAsync<CustomerRecord>(runtime, EntityKind.Customer, CustomerGrain.ScopedId(orgId, id))
        ?? throw new ApiException(ApiError.NotFound(
            orgId is null ? $"customer '{id}' does not exist." : $"customer '{id}' does not exist in organization '{orgId}'.", param));
}

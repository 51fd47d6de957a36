using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary><c>/organization/*</c>: the roots of tenants.</summary>
internal static partial class OrganizationEndpoints
{
    private static readonly string[] OwnFields = ["organization_alias", "models", "metadata", "blocked", "default_customer_max_budget", "default_customer_budget_duration", "custom_roles"];
    private static readonly FrozenSet<string> NewFields = Fields.Of(OwnFields, EntityFields.Names, ["organization_id"]);
    private static readonly FrozenSet<string> UpdateFields = NewFields;
    private static readonly FrozenSet<string> InfoFields = Fields.Of(["organizations"]);
    private static readonly FrozenSet<string> DeleteFields = Fields.Of(["organization_ids"]);

    /// <summary>Maps the organization routes.</summary>
    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/organization/new", NewAsync).Requires(AdminPermission.OrganizationCreate);
        admin.MapPost("/organization/update", UpdateAsync).Requires(AdminPermission.OrganizationManage, orBudgetOnly: true);
        admin.MapPatch("/organization/update", UpdateAsync).Requires(AdminPermission.OrganizationManage, orBudgetOnly: true);
        admin.MapGet("/organization/info", InfoAsync).Requires(AdminPermission.OrganizationRead);
        admin.MapPost("/organization/info", InfoManyAsync).Requires(AdminPermission.OrganizationRead);
        admin.MapGet("/organization/list", ListAsync).Requires(AdminPermission.OrganizationRead);
        admin.MapDelete("/organization/delete", DeleteAsync).Requires(AdminPermission.OrganizationCreate);
        admin.MapPost("/organization/delete", DeleteAsync).Requires(AdminPermission.OrganizationCreate);
        admin.MapPost("/organization/member_add", MemberAddAsync).Requires(AdminPermission.MemberManage);
        admin.MapPost("/organization/member_permission_update", MemberUpdateAsync).Requires(AdminPermission.MemberManage);
        admin.MapPatch("/organization/member_update", MemberUpdateAsync).Requires(AdminPermission.MemberManage);
    }

    private static async Task<IResult> NewAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, NewFields);
        var id = AdminIds.ReadOrNew(r, "organization_id");
        r.RequiredString("organization_alias");
        var org = await AdminCommit.RunAsync(runtime, change =>
        {
            var record = Apply(r, new OrganizationRecord { OrganizationId = id }, change.Now, creating: true);
            change.Insert(record);
            return Task.FromResult(record);
        });
        return AdminJson.Ok(AdminJson.Row(org));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, UpdateFields);
        var id = AdminIds.Required(r, "organization_id");
        if (r.Has("organization_alias")) r.RequiredString("organization_alias");
        BudgetChanges.NarrowIfBudgetOnly(r, "organization_id");
        var org = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, id, "organization_id");
            var record = Apply(r, current.Record, change.Now, creating: false);
            BudgetChanges.Check(ResourceScope.Of(id), current.Record.Limits, record.Limits);
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(await ViewAsync(runtime, org, withSpend: false));
    }

    private static OrganizationRecord Apply(FieldReader r, OrganizationRecord org, DateTimeOffset now, bool creating) =>
        EntityFields.Apply(r, org, now, creating) with
        {
            OrganizationAlias = r.Pick("organization_alias", r.String, org.OrganizationAlias),
            DefaultCustomerMaxBudget = r.Pick("default_customer_max_budget", r.Money, org.DefaultCustomerMaxBudget),
            DefaultCustomerBudgetDuration = r.Pick("default_customer_budget_duration", r.Duration, org.DefaultCustomerBudgetDuration),
            CustomRoles = r.Pick("custom_roles", name => CustomRoleFields.Read(r, name), org.CustomRoles),
        };

    private static async Task<IResult> InfoAsync(HttpContext http, SiloRuntime runtime)
    {
        var id = AdminQuery.Required(http, "organization_id");
        var org = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, id, "organization_id");
        return AdminJson.Ok(await ViewAsync(runtime, org.Record, withSpend: true));
    }

    private static async Task<IResult> InfoManyAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, InfoFields);
        var views = new JsonArray();
        foreach (var id in AdminIds.RequiredList(r, "organizations"))
        {
            var org = await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, id, "organizations");
            views.Add(await ViewAsync(runtime, org.Record, withSpend: true));
        }
        return AdminJson.Ok(views);
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        var orgs = await AccessLists.AllAsync(runtime, new EntityQuery(EntityKind.Organization), AdminPermission.OrganizationRead);
        var views = new JsonArray();
        foreach (var org in orgs) views.Add(await ViewAsync(runtime, AdminStore.Parse<OrganizationRecord>(org), withSpend: false));
        return AdminJson.Ok(views);
    }

    /// <summary>An organization's row with <c>members</c> and <c>teams</c>, as LiteLLM's info and list answer.</summary>
    private static async Task<JsonObject> ViewAsync(SiloRuntime runtime, OrganizationRecord org, bool withSpend)
    {
        var row = AdminJson.Row(org);
        if (withSpend) await SpendView.AddAsync(row, runtime, EntityKind.Organization, org.OrganizationId, org.Limits);
        var members = await runtime.Store.ListMembersAsync(EntityKind.Organization, org.OrganizationId);
        var users = await AdminStore.UsersAsync(runtime, members.Select(m => m.UserId));
        row["members"] = AdminJson.Array(members.Select(m => AdminJson.OrganizationMember(m, users.GetValueOrDefault(m.UserId))));
        var teams = await AdminStore.ListAllAsync<TeamRecord>(runtime, new EntityQuery(EntityKind.Team) { OrganizationId = org.OrganizationId });
        row["teams"] = AdminJson.Array(teams.Select(t => AdminJson.Row(t.Record)));
        return row;
    }
}

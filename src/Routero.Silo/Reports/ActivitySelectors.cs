using Routero.Access;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// The levels each activity report covers, from its id filter (LiteLLM's names: <c>team_ids</c>, <c>organization_ids</c>,
/// <c>end_user_ids</c>, comma-separated, or one <c>team_id</c>, <c>organization_id</c>, <c>end_user_id</c>; and <c>user_id</c>)
/// and what the caller may see. A named level the caller may not see answers 404, as an unknown one; one it sees but
/// may not read the spend of, 403. Without a filter a report covers every level the caller may read.
/// </summary>
internal static class ActivitySelectors
{
    /// <summary>Teams: every team of the organizations the caller reads, and the teams it reads.</summary>
    public static async Task<ActivitySelection> TeamsAsync(HttpContext http, SiloRuntime runtime, SpendReader reader)
    {
        var (named, param) = ReportIds.Read(http, "team_ids", "team_id");
        if (named is null) return reader.Unrestricted ? ActivitySelection.All(EntityKind.Team) : ActivitySelection.Ids(EntityKind.Team, await VisibleTeamsAsync(runtime, reader));
        if (!reader.Unrestricted) foreach (var id in named) await RequireTeamAsync(runtime, reader, id, param);
        return ActivitySelection.Ids(EntityKind.Team, named);
    }

    /// <summary>Organizations the caller reads the spend of.</summary>
    public static ActivitySelection Organizations(HttpContext http, SpendReader reader)
    {
        var (named, param) = ReportIds.Read(http, "organization_ids", "organization_id");
        if (named is null) return reader.Unrestricted ? ActivitySelection.All(EntityKind.Organization) : ActivitySelection.Ids(EntityKind.Organization, reader.Organizations);
        if (!reader.Unrestricted) foreach (var id in named) RequireOrganization(reader, id, param);
        return ActivitySelection.Ids(EntityKind.Organization, named);
    }

    /// <summary>Customers of the active organization (<c>X-Organization-Id</c> or <c>organization_id</c>), else of every organization the caller reads.</summary>
    public static async Task<ActivitySelection> CustomersAsync(HttpContext http, SiloRuntime runtime, SpendReader reader)
    {
        var (org, orgParam) = ReportOrganization.Active(http);
        if (org is not null && !reader.Unrestricted) RequireOrganization(reader, org, orgParam);
        var (named, param) = ReportIds.Read(http, "end_user_ids", "end_user_id");
        IReadOnlyList<string?> orgs = org is not null || reader.Unrestricted ? [org] : [.. reader.Organizations];
        if (named is null)
            return org is null && reader.Unrestricted ? ActivitySelection.All(EntityKind.Customer)
                : ActivitySelection.Prefixes(EntityKind.Customer, orgs.Select(o => DailySpendRow.CustomerLevelId(o, "")));
        var levels = new List<string>();
        foreach (var id in named)
        {
            var found = orgs.Select(o => DailySpendRow.CustomerLevelId(o, id)).ToList();
            // Customers are created on first sight, so one that spent exists; a platform admin may still ask for a deleted one.
            if (!reader.Unrestricted) found = [.. await ExistingAsync(runtime, found)];
            if (found.Count == 0) throw new ApiException(ApiError.NotFound($"customer '{id}' does not exist.", param));
            levels.AddRange(found);
        }
        return ActivitySelection.Ids(EntityKind.Customer, levels);
    }

    /// <summary>
    /// One user (<c>user_id</c>, by default the caller). Another user's report needs the spend permission over the
    /// user in an organization (a team role is not enough: a team admin's reports are the team's), and then counts
    /// only the user's keys of the organizations the caller reads.
    /// </summary>
    public static async Task<ActivitySelection> UsersAsync(HttpContext http, SiloRuntime runtime, SpendReader reader, ReportDirectory directory)
    {
        var named = AdminQuery.String(http, "user_id");
        if (named is null)
            return reader.Unrestricted ? ActivitySelection.All(EntityKind.User) : reader.Self is { } self ? ActivitySelection.Ids(EntityKind.User, [self]) : ActivitySelection.None(EntityKind.User);
        if (reader.Unrestricted || named == reader.Self) return ActivitySelection.Ids(EntityKind.User, [named]);
        var notFound = () => new ApiException(ApiError.NotFound($"user '{named}' does not exist.", "user_id"));
        var user = await runtime.Store.GetAsync(EntityKind.User, named) ?? throw notFound();
        var scope = await AccessScopes.OfUserAsync(runtime, named, user.OrganizationId);
        reader.Access.Require(scope with { Teams = [] }, notFound, AdminPermission.SpendRead, $"user '{named}'");
        return ActivitySelection.Ids(EntityKind.User, [named]) with
        {
            KeyAdmits = async keyId => await directory.KeyAsync(keyId) is { OrganizationId: { } keyOrg } && reader.Organizations.Contains(keyOrg),
        };
    }

    private static async Task<List<string>> VisibleTeamsAsync(SiloRuntime runtime, SpendReader reader)
    {
        var teams = new HashSet<string>(reader.Teams, StringComparer.Ordinal);
        foreach (var org in reader.Organizations)
            foreach (var row in await AdminStore.ListRowsAsync(runtime, new EntityQuery(EntityKind.Team) { OrganizationId = org }))
                teams.Add(row.Id);
        return [.. teams.Order(StringComparer.Ordinal)];
    }

    /// <summary>A team the caller may read the spend of (it must exist: only platform admins report on deleted ones).</summary>
    public static async Task RequireTeamAsync(SiloRuntime runtime, SpendReader reader, string id, string param)
    {
        var notFound = () => new ApiException(ApiError.NotFound($"team '{id}' does not exist.", param));
        var team = await runtime.Store.GetAsync(EntityKind.Team, id) ?? throw notFound();
        reader.Access.Require(ResourceScope.Of(team.OrganizationId, id), notFound, AdminPermission.SpendRead, $"team '{id}'");
    }

    /// <summary>An organization the caller may read the spend of.</summary>
    public static void RequireOrganization(SpendReader reader, string id, string param) =>
        reader.Access.Require(ResourceScope.Of(id), () => new ApiException(ApiError.NotFound($"organization '{id}' does not exist.", param)),
            AdminPermission.SpendRead, $"organization '{id}'");

    private static async Task<IEnumerable<string>> ExistingAsync(SiloRuntime runtime, List<string> levelIds)
    {
        var existing = new List<string>();
        foreach (var id in levelIds)
            if (await runtime.Store.GetAsync(EntityKind.Customer, id) is not null) existing.Add(id);
        return existing;
    }
}

using System.Collections.Frozen;
using Routero.Access;
using Routero.Admin;
using Routero.Hosting;

namespace Routero.Reports;

/// <summary>
/// The spend reports: daily activity of customers, users, teams and organizations (LiteLLM's paths, parameters and
/// answer), an organization's daily billing by team, and the spend log in pages. Every one needs
/// <see cref="AdminPermission.SpendRead"/> and answers only what the caller may see (<see cref="SpendReader"/>).
/// </summary>
internal static class SpendReportEndpoints
{
    private static readonly string[] ActivityParameters = ["start_date", "end_date", "page", "page_size", "model", "api_key"];

    private static readonly FrozenSet<string> TeamParameters = Fields.Of(ActivityParameters, ["team_ids", "team_id"]);
    private static readonly FrozenSet<string> OrganizationParameters = Fields.Of(ActivityParameters, ["organization_ids", "organization_id"]);
    private static readonly FrozenSet<string> CustomerParameters = Fields.Of(ActivityParameters, ["end_user_ids", "end_user_id", "organization_id"]);
    private static readonly FrozenSet<string> UserParameters = Fields.Of(ActivityParameters, ["user_id"]);

    /// <summary>Maps the report routes.</summary>
    public static void MapSpendReportEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/team/daily/activity", TeamsAsync).Requires(AdminPermission.SpendRead);
        admin.MapGet("/organization/daily/activity", OrganizationsAsync).Requires(AdminPermission.SpendRead);
        admin.MapGet("/customer/daily/activity", CustomersAsync).Requires(AdminPermission.SpendRead);
        admin.MapGet("/user/daily/activity", UsersAsync).Requires(AdminPermission.SpendRead);
        admin.MapGet("/billing/daily-spend", BillingReport.AnswerAsync).Requires(AdminPermission.SpendRead);
        admin.MapGet("/spend/logs", SpendLogs.AnswerAsync).Requires(AdminPermission.SpendRead);
    }

    private static async Task<IResult> TeamsAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, TeamParameters);
        var selection = await ActivitySelectors.TeamsAsync(http, runtime, SpendReader.Of(http));
        return await DailyActivity.AnswerAsync(http, runtime, selection, new ReportDirectory(runtime));
    }

    private static async Task<IResult> OrganizationsAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, OrganizationParameters);
        var selection = ActivitySelectors.Organizations(http, SpendReader.Of(http));
        return await DailyActivity.AnswerAsync(http, runtime, selection, new ReportDirectory(runtime));
    }

    private static async Task<IResult> CustomersAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, CustomerParameters);
        var selection = await ActivitySelectors.CustomersAsync(http, runtime, SpendReader.Of(http));
        return await DailyActivity.AnswerAsync(http, runtime, selection, new ReportDirectory(runtime));
    }

    private static async Task<IResult> UsersAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, UserParameters);
        var directory = new ReportDirectory(runtime);
        var selection = await ActivitySelectors.UsersAsync(http, runtime, SpendReader.Of(http), directory);
        return await DailyActivity.AnswerAsync(http, runtime, selection, directory);
    }
}

using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Money;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// <c>GET /spend/logs</c>: the spend log, newest first, always in pages (LiteLLM's unpaged form, which returns the
/// whole log, does not exist here). Filters narrow it; a caller who is not a platform admin sees only the records of
/// the organizations and teams whose spend it reads and its own, and a filter naming an object it may not see answers 404.
/// </summary>
internal static class SpendLogs
{
    private const int DefaultPageSize = 50, MaxPageSize = 500;

    private static readonly FrozenSet<string> Parameters = Fields.Of(["page", "page_size", "api_key", "user_id", "team_id", "end_user",
        "organization_id", "request_id", "model", "start_date", "end_date"]);

    /// <summary>Answers one page of the spend log.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, Parameters);
        var reader = SpendReader.Of(http);
        var (page, size, offset) = AdminQueryRanges.Paging(http, DefaultPageSize, MaxPageSize);
        var (from, to) = AdminQueryRanges.Instants(http);
        var query = await FilterAsync(http, runtime, reader) with { From = from, To = to, Offset = offset, Limit = size };
        await SpendReads.FlushAsync(runtime);
        var found = query.VisibleTo is { IsNothing: true } ? new Page<SpendRecord>([], 0) : await runtime.Store.ListSpendAsync(query);
        return AdminJson.Ok(new JsonObject
        {
            ["data"] = AdminJson.Array(found.Items.Select(Row)),
            ["total"] = found.Total,
            ["page"] = page,
            ["page_size"] = size,
            ["total_pages"] = AdminJson.TotalPages(found.Total, size),
        });
    }

    private static async Task<SpendQuery> FilterAsync(HttpContext http, SiloRuntime runtime, SpendReader reader)
    {
        var (org, orgParam) = ReportOrganization.Active(http);
        if (org is not null && !reader.Unrestricted) ActivitySelectors.RequireOrganization(reader, org, orgParam);
        var query = new SpendQuery
        {
            VisibleTo = reader.Visibility,
            OrganizationId = org,
            RequestId = AdminQuery.String(http, "request_id"),
            Model = AdminQuery.String(http, "model"),
        };
        if (AdminQuery.String(http, "api_key") is { } passed)
            query = query with { KeyId = (await KeyLookup.GetAsync(runtime, passed, "api_key")).Record.KeyId };
        if (AdminQuery.String(http, "team_id") is { } teamId)
        {
            if (!reader.Unrestricted) await ActivitySelectors.RequireTeamAsync(runtime, reader, teamId, "team_id");
            query = query with { TeamId = teamId };
        }
        if (AdminQuery.String(http, "user_id") is { } userId)
        {
            if (!reader.Unrestricted && userId != reader.Self) await RequireUserAsync(runtime, userId);
            query = query with { UserId = userId };
        }
        if (AdminQuery.String(http, "end_user") is { } customer)
        {
            if (!reader.Unrestricted) await RequireCustomerAsync(runtime, reader, org, customer);
            query = query with { CustomerId = customer };
        }
        return query;
    }

    /// <summary>
    /// Another user's records: the caller must read spend over the user (an organization role, or a team role in one of
    /// the user's teams), which is what loading the user with that permission checks.
    /// </summary>
    private static Task RequireUserAsync(SiloRuntime runtime, string userId) =>
        AdminStore.GetAsync<UserRecord>(runtime, EntityKind.User, userId, "user_id", AdminPermission.SpendRead);

    /// <summary>A customer of the active organization, else of one of the organizations the caller reads.</summary>
    private static async Task RequireCustomerAsync(SiloRuntime runtime, SpendReader reader, string? org, string customer)
    {
        IEnumerable<string> orgs = org is not null ? [org] : reader.Organizations;
        foreach (var candidate in orgs)
            if (await runtime.Store.GetAsync(EntityKind.Customer, CustomerGrain.ScopedId(candidate, customer)) is not null) return;
        throw new ApiException(ApiError.NotFound($"customer '{customer}' does not exist.", "end_user"));
    }

    /// <summary>A record with LiteLLM's names where it has them; the key by internal id, never by hash.</summary>
    private static JsonNode Row(SpendRecord s) => new JsonObject
    {
        ["request_id"] = s.RequestId,
        ["call_type"] = s.CallType,
        ["key_id"] = s.KeyId,
        ["spend"] = new Usd(s.SpendNanos).ToDollars(),
        ["prompt_tokens"] = s.PromptTokens,
        ["completion_tokens"] = s.CompletionTokens,
        ["total_tokens"] = (long)s.PromptTokens + s.CompletionTokens,
        ["endTime"] = s.Timestamp,
        ["model"] = s.Model,
        ["deployment"] = s.Deployment,
        ["user"] = s.UserId,
        ["team_id"] = s.TeamId,
        ["organization_id"] = s.OrganizationId,
        ["end_user"] = s.CustomerId,
        ["status"] = DailySpendRow.IsSuccess(s.Status) ? "success" : "failure",
        ["status_code"] = s.Status,
        ["usage_estimated"] = s.UsageEstimated,
    };
}

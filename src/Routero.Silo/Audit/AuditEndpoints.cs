using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Access;
using Routero.Admin;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;

namespace Routero.Audit;

/// <summary>
/// <c>GET /audit/logs</c> (and LiteLLM's <c>GET /audit</c>): the audit log, newest first, in pages. A caller who is not a
/// platform admin sees the records of the organizations where it holds <see cref="AdminPermission.AuditRead"/>, never
/// records of objects of no organization.
/// </summary>
internal static class AuditEndpoints
{
    private const int DefaultPageSize = 50, MaxPageSize = 500;

    private static readonly FrozenSet<string> Parameters = Fields.Of(["page", "page_size", "organization_id", "action", "target_type", "table_name",
        "target_id", "object_id", "actor", "changed_by", "request_id", "start_date", "end_date"]);

    /// <summary>Maps the audit routes.</summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/audit/logs", ListAsync).Requires(AdminPermission.AuditRead);
        admin.MapGet("/audit", ListAsync).Requires(AdminPermission.AuditRead);
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        AdminQueryRanges.RejectUnknown(http, Parameters);
        var access = http.Access();
        var (page, size, offset) = AdminQueryRanges.Paging(http, DefaultPageSize, MaxPageSize);
        var (from, to) = AdminQueryRanges.Instants(http);
        var query = new AuditQuery
        {
            OrganizationId = Organization(http, access),
            VisibleOrganizationIds = Visible(access),
            Action = AdminQuery.String(http, "action"),
            TargetType = TargetType(http),
            TargetId = Either(http, "target_id", "object_id"),
            Actor = Either(http, "actor", "changed_by"),
            RequestId = AdminQuery.String(http, "request_id"),
            From = from,
            To = to,
            Offset = offset,
            Limit = size,
        };
        var found = query.VisibleOrganizationIds is { Count: 0 } ? new Page<AuditRecord>([], 0) : await runtime.Store.ListAuditAsync(query);
        var total = found.Total;
        return AdminJson.Ok(new JsonObject
        {
            ["audit_logs"] = AdminJson.Array(found.Items.Select(AuditJson.Row)),
            ["total"] = total,
            ["total_count"] = total,
            ["page"] = page,
            ["current_page"] = page,
            ["page_size"] = size,
            ["total_pages"] = AdminJson.TotalPages(total, size),
        });
    }

    /// <summary>The organizations whose records the caller may read; null for every record.</summary>
    private static List<string>? Visible(AdminAccess access) =>
        access.IsUnrestricted(AdminPermission.AuditRead) ? null
        : [.. access.Caller.Organizations.Where(org => access.Allows(AdminPermission.AuditRead, ResourceScope.Of(org)))];

    /// <summary>The <c>organization_id</c> filter; another organization's id answers as an unknown one (404).</summary>
    private static string? Organization(HttpContext http, AdminAccess access)
    {
        if (AdminQuery.String(http, "organization_id") is not { } id) return null;
        if (!access.IsUnrestricted(AdminPermission.AuditRead))
            access.Require(ResourceScope.Of(id), () => new ApiException(ApiError.NotFound($"organization '{id}' does not exist.", "organization_id")),
                AdminPermission.AuditRead, $"organization '{id}'");
        return id;
    }

    /// <summary><c>target_type</c>, or LiteLLM's <c>table_name</c> for it.</summary>
    private static string? TargetType(HttpContext http)
    {
        if (Either(http, "target_type", "table_name") is not { } value) return null;
        if (AdminQuery.String(http, "table_name") is not null)
            return AuditTargets.TypeOfTable(value) ?? throw AdminQueryRanges.Bad("table_name", $"must be one of {string.Join(", ", AuditTargets.Types.Select(AuditTargets.TableOf))}");
        return AuditTargets.Types.Contains(value) ? value : throw AdminQueryRanges.Bad("target_type", $"must be one of {string.Join(", ", AuditTargets.Types)}");
    }

    /// <summary>A filter with two names (ours and LiteLLM's); giving both is ambiguous.</summary>
    private static string? Either(HttpContext http, string name, string liteLlmName)
    {
        var (ours, theirs) = (AdminQuery.String(http, name), AdminQuery.String(http, liteLlmName));
        if (ours is not null && theirs is not null) throw AdminQueryRanges.Bad(liteLlmName, $"give either {name} or {liteLlmName}, not both");
        return ours ?? theirs;
    }
}

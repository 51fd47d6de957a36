using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary><c>/key/*</c>: virtual keys. The key itself appears only in the generate and regenerate answers.</summary>
internal static partial class KeyEndpoints
{
    private static readonly FrozenSet<string> GenerateFields = Fields.Of(KeyFields.Settings, ["team_id", "user_id", "organization_id"]);
    private static readonly FrozenSet<string> UpdateFields = Fields.Of(KeyFields.Settings, ["key", "team_id", "user_id"]);

    /// <summary>Maps the key routes.</summary>
    public static void MapKeyEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/key/generate", GenerateAsync).Requires(AdminPermission.KeyManage);
        admin.MapPost("/key/update", UpdateAsync).Requires(AdminPermission.KeyManage, orBudgetOnly: true);
        admin.MapPost("/key/regenerate", (HttpContext http, SiloRuntime runtime) => RegenerateAsync(http, runtime, null)).Requires(AdminPermission.KeyManage);
        admin.MapPost("/key/{key}/regenerate", (HttpContext http, SiloRuntime runtime, string key) => RegenerateAsync(http, runtime, key)).Requires(AdminPermission.KeyManage);
        admin.MapPost("/key/delete", DeleteAsync).Requires(AdminPermission.KeyManage);
        admin.MapGet("/key/info", InfoAsync).Requires(AdminPermission.KeyRead);
        admin.MapGet("/key/list", ListAsync).Requires(AdminPermission.KeyRead);
        admin.MapPost("/key/block", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, true)).Requires(AdminPermission.KeyManage);
        admin.MapPost("/key/unblock", (HttpContext http, SiloRuntime runtime) => SetBlockedAsync(http, runtime, false)).Requires(AdminPermission.KeyManage);
    }

    private static async Task<IResult> GenerateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, GenerateFields);
        var (teamId, userId) = (AdminIds.Read(r, "team_id"), AdminIds.Read(r, "user_id"));
        var orgId = AdminIds.ActiveOrganization(http, AdminIds.Read(r, "organization_id"));
        userId ??= DefaultOwner(teamId, orgId, r);
        var (raw, key) = await AdminCommit.RunAsync(runtime, async change =>
        {
            var (minted, record) = KeyMint.New(change.Now);
            var owner = await KeyOwner.ResolveAsync(runtime, teamId, userId, orgId, mustMatchTeam: true);
            AdminAccess.Current?.Require(ResourceScope.Of(owner, teamId, userId), () => AdminStore.NotFound(EntityKind.Team, teamId ?? "", "team_id"));
            record = KeyFields.Apply(r, record, change.Now, creating: true) with { TeamId = teamId, UserId = userId, OrganizationId = owner };
            await KeyFields.EnsureAliasFreeAsync(runtime, record.KeyAlias, record.KeyId);
            change.Insert(record);
            return (minted, record);
        });
        return AdminJson.Ok(WithKey(key, raw));
    }

    /// <summary>
    /// Whose a new key is when the body names no user: nobody's for callers who manage the team's keys; the caller's
    /// own for a developer, who may make keys only for themself. Callers restricted to some organizations must say where.
    /// </summary>
    private static string? DefaultOwner(string? teamId, string? orgId, FieldReader r)
    {
        if (AdminAccess.Current is not { } access || access.IsUnrestricted(AdminPermission.KeyManage)) return null;
        if (teamId is null && orgId is null) throw r.Bad("team_id", "is required: name the team (or organization_id) the key is for");
        return access.Caller.UserId is { } self && !access.Allows(AdminPermission.KeyManage, ResourceScope.Of(orgId, teamId)) ? self : null;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, UpdateFields);
        var passed = r.RequiredString("key");
        BudgetChanges.NarrowIfBudgetOnly(r, "key");
        var key = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await KeyLookup.GetAsync(runtime, passed, "key");
            var record = await ApplyAsync(runtime, r, current.Record, change.Now);
            BudgetChanges.Check(ResourceScope.Of(current.Row.OrganizationId, current.Row.TeamId, current.Row.UserId),
                current.Record.Limits, record.Limits, current.Record.CreditLimitUsd, record.CreditLimitUsd);
            AdminAccess.Current?.Require(ResourceScope.Of(record.OrganizationId, record.TeamId, record.UserId), () => AdminStore.NotFound(EntityKind.Key, passed, "key"));
            change.Update(current.Row, record);
            return record;
        });
        var row = AdminJson.KeyRow(key);
        row["key"] = passed;
        return AdminJson.Ok(row);
    }

    /// <summary>Applies an update's settings and ownership changes (a new team or user must exist).</summary>
    private static async Task<KeyRecord> ApplyAsync(SiloRuntime runtime, FieldReader r, KeyRecord current, DateTimeOffset now)
    {
        var record = KeyFields.Apply(r, current, now, creating: false);
        if (record.KeyAlias != current.KeyAlias) await KeyFields.EnsureAliasFreeAsync(runtime, record.KeyAlias, record.KeyId);
        if (!r.Has("team_id") && !r.Has("user_id")) return record;
        var teamId = r.Pick("team_id", n => AdminIds.Read(r, n), current.TeamId);
        var userId = r.Pick("user_id", n => AdminIds.Read(r, n), current.UserId);
        // An organization the key did not take from its team stays; one taken from the old team goes with it.
        var explicitOrg = current.TeamId is null ? current.OrganizationId : null;
        var orgId = await KeyOwner.ResolveAsync(runtime, teamId, userId, explicitOrg, mustMatchTeam: false);
        return record with { TeamId = teamId, UserId = userId, OrganizationId = orgId };
    }

    private static async Task<IResult> InfoAsync(HttpContext http, SiloRuntime runtime)
    {
        var passed = AdminQuery.Required(http, "key");
        var key = await KeyLookup.GetAsync(runtime, passed, "key");
        var info = AdminJson.KeyRow(key.Record);
        // As LiteLLM: the info answer carries no token; the caller already holds the key or its hash.
        info.Remove("token");
        await SpendView.AddAsync(info, runtime, EntityKind.Key, key.Record.KeyId, key.Record.Limits);
        return AdminJson.Ok(new JsonObject { ["key"] = passed, ["info"] = info });
    }

    private static async Task<IResult> ListAsync(HttpContext http, SiloRuntime runtime)
    {
        var page = AdminQuery.Int(http, "page", 1, 1, int.MaxValue);
        var size = AdminQuery.Int(http, "size", 10, 1, 100);
        var full = AdminQuery.Bool(http, "return_full_object");
        var query = new EntityQuery(EntityKind.Key)
        {
            UserId = AdminQuery.String(http, "user_id"),
            TeamId = AdminQuery.String(http, "team_id"),
            OrganizationId = AdminQuery.String(http, "organization_id"),
            Alias = AdminQuery.String(http, "key_alias"),
            Offset = (int)Math.Min(int.MaxValue, (long)(page - 1) * size),
            Limit = size,
        };
        AccessLists.RequireOwnOrganization(query.OrganizationId, "organization_id");
        var (rows, total) = await AccessLists.PageAsync(runtime, query, AdminPermission.KeyRead);
        var keys = rows.Select(AdminStore.Parse<KeyRecord>);
        return AdminJson.Ok(new JsonObject
        {
            ["keys"] = AdminJson.Array(keys.Select(k => full ? AdminJson.KeyRow(k) : (JsonNode)k.Token)),
            ["total_count"] = total,
            ["current_page"] = page,
            ["total_pages"] = AdminJson.TotalPages(total, size),
        });
    }

    /// <summary>A generate or regenerate answer: the row, and the key itself, this once.</summary>
    private static JsonObject WithKey(KeyRecord record, string raw)
    {
        var row = AdminJson.KeyRow(record);
        row["key"] = raw;
        row["token_id"] = record.Token;
        return row;
    }
}

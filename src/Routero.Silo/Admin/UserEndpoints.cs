using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary><c>/user/*</c>: internal users, their roles, personal budgets and keys.</summary>
internal static partial class UserEndpoints
{
    /// <summary>The global roles <c>/user/new</c> and <c>/user/update</c> accept.</summary>
    private static readonly string[] Roles = ["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"];

    private static readonly string[] OwnFields = [.. EntityFields.Names, "blocked", "user_email", "user_alias", "user_role"];
    private static readonly FrozenSet<string> NewFields =
        Fields.Of(OwnFields, ["user_id", "organization_id", "teams", "auto_create_key", "key_alias", "duration"]);
    private static readonly FrozenSet<string> UpdateFields = Fields.Of(OwnFields, ["user_id"]);

    /// <summary>Maps the user routes.</summary>
    public static void MapUserEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost("/user/new", NewAsync).Requires(AdminPermission.UserManage);
        admin.MapGet("/user/info", InfoAsync).Requires(AdminPermission.UserRead);
        admin.MapPost("/user/update", UpdateAsync).Requires(AdminPermission.UserManage, orBudgetOnly: true);
        admin.MapPost("/user/delete", DeleteAsync).Requires(AdminPermission.UserManage);
        admin.MapGet("/user/list", ListAsync).Requires(AdminPermission.UserRead);
        admin.MapPost("/user/switch_org", SwitchOrganizationAsync).Requires(AdminPermission.UserRead);
    }

    /// <summary>
    /// Creates a user, the user's memberships and (unless <c>auto_create_key</c> is false) a first key owned by the
    /// user, all in one commit: a duplicate id leaves neither user nor key behind.
    /// </summary>
    private static async Task<IResult> NewAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, NewFields);
        var id = AdminIds.ReadOrNew(r, "user_id");
        var orgId = AdminIds.ActiveOrganization(http, AdminIds.Read(r, "organization_id"));
        var teams = (r.Strings("teams") ?? []).Distinct(StringComparer.Ordinal).ToList();
        var autoKey = r.Bool("auto_create_key") ?? true;
        if (orgId is null && AdminAccess.Current is { } access && !access.IsUnrestricted(AdminPermission.UserManage))
            throw r.Bad("organization_id", "is required: only a platform admin may make a user outside any organization");
        RequireGlobalRoleAllowed(r);
        if (!autoKey && (r.Has("key_alias") || r.Has("duration"))) throw r.Bad(r.Has("key_alias") ? "key_alias" : "duration", "applies only with auto_create_key");
        var (user, key) = await AdminCommit.RunAsync(runtime, async change =>
        {
            if (orgId is not null) await AdminStore.GetAsync<OrganizationRecord>(runtime, EntityKind.Organization, orgId, "organization_id");
            var record = Apply(r, new UserRecord { UserId = id, OrganizationId = orgId }, change.Now, creating: true);
            await EnsureEmailFreeAsync(runtime, record.UserEmail, id);
            change.Insert(record);
            if (orgId is not null)
                change.Set.PutMemberships.Add(new Membership(EntityKind.Organization, orgId, id, Members.OrganizationRoleOf(record.UserRole)));
            foreach (var teamId in teams)
            {
                await AdminStore.GetAsync<TeamRecord>(runtime, EntityKind.Team, teamId, "teams");
                change.Set.PutMemberships.Add(new Membership(EntityKind.Team, teamId, id, "user"));
            }
            (string Raw, KeyRecord Record)? first = autoKey ? await FirstKeyAsync(runtime, r, change, record) : null;
            return (record, first);
        });
        var answer = AdminJson.Row(user);
        answer["teams"] = AdminJson.Array(teams.Select(t => (JsonNode)t));
        if (key is { } k) AddKey(answer, k.Raw, k.Record);
        return AdminJson.Ok(answer);
    }

    /// <summary>The user's first key: owned by the user, with the user's organization, no limits of its own (as LiteLLM).</summary>
    private static async Task<(string Raw, KeyRecord Record)> FirstKeyAsync(SiloRuntime runtime, FieldReader r, AdminChange change, UserRecord user)
    {
        var (raw, key) = KeyMint.New(change.Now);
        key = key with
        {
            UserId = user.UserId,
            OrganizationId = user.OrganizationId,
            KeyAlias = r.String("key_alias"),
            ExpiresAt = KeyFields.Expiry(r, null, change.Now),
        };
        await KeyFields.EnsureAliasFreeAsync(runtime, key.KeyAlias, key.KeyId);
        change.Insert(key);
        return (raw, key);
    }

    /// <summary>LiteLLM's NewUserResponse carries the key fields flat; the key's hash is not among them.</summary>
    private static void AddKey(JsonObject answer, string raw, KeyRecord key)
    {
        answer["key"] = raw;
        answer["key_name"] = key.KeyName;
        answer["key_alias"] = key.KeyAlias;
        answer["expires"] = key.ExpiresAt;
    }

    private static UserRecord Apply(FieldReader r, UserRecord user, DateTimeOffset now, bool creating) =>
        EntityFields.Apply(r, user, now, creating) with
        {
            UserEmail = r.Pick("user_email", r.String, user.UserEmail),
            UserAlias = r.Pick("user_alias", r.String, user.UserAlias),
            UserRole = r.Pick("user_role", n => r.OneOf(n, Roles), user.UserRole) ?? "internal_user",
        };

    /// <summary>Global roles reach every organization: only a platform admin may give them.</summary>
    private static void RequireGlobalRoleAllowed(FieldReader r)
    {
        if (r.String("user_role") is not { } role || AdminRoles.Global(role) is null) return;
        if (AdminAccess.Current is { } access && !access.IsUnrestricted(AdminPermission.UserManage))
            throw new ApiException(ApiError.Forbidden($"user_role: only a platform admin may make a user '{role}'.", "permission_denied", "user_role"));
    }

    /// <summary>A 409 when another user has the e-mail (LiteLLM refuses duplicate e-mails too).</summary>
    private static async Task EnsureEmailFreeAsync(SiloRuntime runtime, string? email, string userId)
    {
        if (email is null) return;
        if (await AdminStore.FindUserByEmailAsync(runtime, email) is { } other && other.Record.UserId != userId)
            throw new ApiException(ApiError.Conflict($"A user with e-mail '{email}' already exists.", "user_email"));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, UpdateFields);
        var id = AdminIds.Read(r, "user_id");
        // As LiteLLM: without user_id, user_email names the user (an unknown e-mail is a 404 here, not a new user).
        var email = id is null ? r.String("user_email") ?? throw r.Bad("user_id", "user_id or user_email is required") : null;
        RequireGlobalRoleAllowed(r);
        BudgetChanges.NarrowIfBudgetOnly(r, "user_id", "user_email");
        var user = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await Members.FindUserAsync(runtime, id, email);
            if (current is null || !await AdminStore.PermitsAsync(runtime, current.Row))
                throw AdminStore.NotFound(EntityKind.User, id ?? email!, id is null ? "user_email" : "user_id");
            var record = Apply(r, current.Record, change.Now, creating: false);
            BudgetChanges.Check(await AccessScopes.OfAsync(runtime, current.Row), current.Record.Limits, record.Limits);
            if (record.UserEmail != current.Record.UserEmail) await EnsureEmailFreeAsync(runtime, record.UserEmail, record.UserId);
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(new JsonObject { ["user_id"] = user.UserId, ["data"] = AdminJson.Row(user) });
    }
}

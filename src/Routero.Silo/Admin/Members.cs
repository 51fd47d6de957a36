using Routero.Errors;
using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>A member as LiteLLM writes one: <c>{role, user_id?, user_email?}</c>, at least one of the two ids.</summary>
internal sealed record MemberSpec(string? UserId, string? UserEmail, string Role);

/// <summary>Reading members of teams and organizations, and finding (or creating) the users they name.</summary>
internal static class Members
{
    /// <summary>Team member roles.</summary>
    public static readonly string[] TeamRoles = ["admin", "user"];

    private static readonly FrozenSet<string> MemberFields = Fields.Of(["role", "user_id", "user_email"]);

    /// <summary>Reads a field holding one member object or an array of them.</summary>
    public static List<MemberSpec> Read(FieldReader r, string name, string[] roles, string defaultRole)
    {
        var node = r.Node(name);
        var items = node switch
        {
            JsonObject one => [one],
            JsonArray many => many.Select((m, i) => m as JsonObject ?? throw r.Bad($"{name}[{i}]", "must be a member object")).ToList(),
            _ => throw r.Bad(name, "must be a member object or an array of them"),
        };
        var members = items.Select((item, i) => ReadOne(r.Nested(node is JsonArray ? $"{name}[{i}]" : name, item), roles, defaultRole)).ToList();
        // Two entries for one user would race each other within one change; say so instead.
        var names = members.Select(m => m.UserId ?? "email:" + m.UserEmail!.Trim().ToLowerInvariant()).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) throw r.Bad(name, "names the same user more than once");
        return members;
    }

    private static MemberSpec ReadOne(FieldReader m, string[] roles, string defaultRole)
    {
        m.RejectUnknown(MemberFields);
        var id = AdminIds.Read(m, "user_id");
        var email = m.String("user_email");
        if (id is null && string.IsNullOrWhiteSpace(email)) throw m.Bad("user_id", "a member needs user_id or user_email");
        return new MemberSpec(id, email, m.OneOf("role", roles) ?? defaultRole);
    }

    /// <summary>The user named by id, else by e-mail; null when neither names a stored user.</summary>
    public static async Task<Loaded<UserRecord>?> FindUserAsync(SiloRuntime runtime, string? userId, string? email) =>
        userId is not null ? await AdminStore.FindVisibleAsync<UserRecord>(runtime, EntityKind.User, userId)
        : email is not null ? await VisibleByEmailAsync(runtime, email)
        : null;

    /// <summary>
    /// The user with this e-mail if the caller may see them. E-mails are unique across the whole gateway, so one that
    /// belongs to a user the caller may not see is a conflict rather than a new user.
    /// </summary>
    private static async Task<Loaded<UserRecord>?> VisibleByEmailAsync(SiloRuntime runtime, string email)
    {
        var user = await AdminStore.FindUserByEmailAsync(runtime, email);
        if (user is null || await AdminStore.VisibleAsync(runtime, user.Row)) return user;
        throw new ApiException(ApiError.Conflict($"The e-mail '{email}' belongs to a user outside your organizations.", "user_email"));
    }

    /// <summary>
    /// The member's user, created in <paramref name="change"/> as an internal user whose default organization is
    /// <paramref name="organizationId"/> when unknown (as LiteLLM's member_add does). Returns the record and whether it is new.
    /// </summary>
    public static async Task<(UserRecord User, bool Created)> FindOrCreateAsync(
        SiloRuntime runtime, AdminChange change, MemberSpec member, string? organizationId)
    {
        if (await FindUserAsync(runtime, member.UserId, member.UserEmail) is { } found) return (found.Record, false);
        var user = new UserRecord
        {
            UserId = member.UserId ?? AdminIds.New(),
            UserEmail = member.UserEmail,
            OrganizationId = organizationId,
            CreatedAt = change.Now,
            UpdatedAt = change.Now,
            CreatedBy = AdminAccess.CurrentCallerName,
            Limits = Limits.None with { BudgetAnchor = change.Now },
        };
        change.Insert(user);
        return (user, true);
    }

    /// <summary>The organization role a user gets from the global role when joining an organization.</summary>
    public static string OrganizationRoleOf(string userRole) => userRole == "internal_user_viewer" ? "internal_user_viewer" : "internal_user";
}

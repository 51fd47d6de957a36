using System.Text.Json.Nodes;
using Routero.Access;

namespace Routero.Admin;

/// <summary>
/// <c>custom_roles</c> of an organization: <c>{"role name": ["/key/list", "/team/info", ...]}</c>, each a named set
/// of admin routes that members given the role may call within the organization.
/// </summary>
internal static class CustomRoleFields
{
    /// <summary>Reads and checks the field: names are ids that are not built-in roles, routes are admin routes of this build.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(FieldReader r, string name)
    {
        if (r.Object(name) is not { } roles) return new Dictionary<string, IReadOnlyList<string>>();
        var read = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (role, routes) in roles)
        {
            var param = $"{name}.{role}";
            if (!AdminIds.IsValidId(role)) throw r.Bad(name, $"role name '{role}' must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -");
            if (AdminRoles.OrganizationRoles.ContainsKey(role) || Members.TeamRoles.Contains(role))
                throw r.Bad(name, $"'{role}' is a built-in role");
            if (routes is not JsonArray list || list.Count == 0) throw r.Bad(param, "must be a non-empty array of admin routes");
            var patterns = new List<string>();
            foreach (var item in list)
            {
                var route = item is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw r.Bad(param, "must hold route strings");
                if (!AdminRouteCatalog.Patterns.Contains(route)) throw r.Bad(param, $"'{route}' is not an admin route");
                if (Platform.Contains(route)) throw r.Bad(param, $"'{route}' is a platform route no organization role may grant");
                patterns.Add(route);
            }
            read[role] = patterns.Distinct(StringComparer.Ordinal).ToList();
        }
        return read;
    }

    /// <summary>Routes that act beyond one organization.</summary>
    private static readonly string[] Platform = ["/organization/new", "/organization/delete", "/cluster/silos"];

    /// <summary>The roles a member of <paramref name="organization"/> may be given.</summary>
    public static string[] RolesOf(Tenancy.OrganizationRecord organization) =>
        [.. AdminRoles.OrganizationRoles.Keys, .. organization.CustomRoles.Keys];
}

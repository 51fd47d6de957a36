using Routero.Access;
using Routero.Scim.Discovery;
using Routero.Scim.Groups;
using Routero.Scim.Users;

namespace Routero.Scim;

/// <summary>
/// Maps SCIM 2.0 (RFC 7643, RFC 7644) under <c>/scim/v2</c>, for identity providers (Okta, Entra ID) to provision an
/// organization's users and teams. Not part of the admin group: SCIM has its own credential (the organization's
/// token) and its own error bodies, but every request runs with an <see cref="AdminAccess"/> of its organization.
/// </summary>
public static class ScimEndpoints
{
    /// <summary>The path the SCIM API is served under.</summary>
    public const string Prefix = "/scim/v2";

    /// <summary>Maps the SCIM routes behind the SCIM token check.</summary>
    public static void MapRouteroScim(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup(Prefix).AddEndpointFilter<ScimAccessFilter>();
        scim.MapScimUsers();
        scim.MapScimGroups();
        scim.MapScimDiscovery();
        // Anything else under the prefix (/Bulk, /Me, a typo) answers a SCIM 404 rather than an empty one.
        scim.Map("/{**rest}", (string? rest) => ScimResults.Error(ScimException.NotFound($"There is no SCIM endpoint '/{rest}'.")))
            .Requires(AdminPermission.OrganizationRead);
    }
}

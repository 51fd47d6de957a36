using System.Text.Json.Serialization;
using Routero.Tenancy;

namespace Routero.Provisioning;

/// <summary>
/// What an organization's identity provider provisioned for one Routero user over SCIM: the User resource's
/// attributes and the provider's verdict on access. One per (organization, user); a user the providers of two
/// organizations manage has two. Stored as an entity of kind <see cref="EntityKind.ScimUser"/> whose id is
/// <see cref="RowId"/>, so a <c>userName</c> is unique within its organization by storage's primary key.
/// </summary>
public sealed record ScimUserRecord : EntityRecord
{
    /// <summary>The organization whose provider this is.</summary>
    public required string OrganizationId { get; init; }
    /// <summary>The Routero user (also the SCIM resource's <c>id</c>).</summary>
    public required string UserId { get; init; }
    /// <summary><c>userName</c> as the provider sent it (unique per organization, compared case-insensitively).</summary>
    public required string UserName { get; init; }
    /// <summary><c>externalId</c>: the provider's own id of the user.</summary>
    public string? ExternalId { get; init; }
    /// <summary><c>displayName</c>.</summary>
    public string? DisplayName { get; init; }
    /// <summary><c>name</c>.</summary>
    public ScimName? Name { get; init; }
    /// <summary><c>emails</c>.</summary>
    public IReadOnlyList<ScimEmail> Emails { get; init; } = [];
    /// <summary><c>active</c> as the provider last set it.</summary>
    public bool Active { get; init; } = true;
    /// <summary>
    /// Set when the provider removed the user from the last team of the organization they belonged to; cleared when
    /// it adds them to a team again.
    /// </summary>
    public bool GroupsLost { get; init; }

    /// <summary>Whether the provider's verdict is "no access": inactive, or out of every team it had them in.</summary>
    [JsonIgnore]
    public bool Deprovisions => !Active || GroupsLost;

    /// <summary>The storage id: the organization and the lower-cased <c>userName</c>.</summary>
    public static string RowId(string organizationId, string userName) =>
        organizationId + "|" + userName.ToLowerInvariant();
}

/// <summary>The SCIM <c>name</c> complex attribute.</summary>
public sealed record ScimName
{
    /// <summary><c>formatted</c>.</summary>
    public string? Formatted { get; init; }
    /// <summary><c>familyName</c>.</summary>
    public string? FamilyName { get; init; }
    /// <summary><c>givenName</c>.</summary>
    public string? GivenName { get; init; }
    /// <summary><c>middleName</c>.</summary>
    public string? MiddleName { get; init; }
    /// <summary><c>honorificPrefix</c>.</summary>
    public string? HonorificPrefix { get; init; }
    /// <summary><c>honorificSuffix</c>.</summary>
    public string? HonorificSuffix { get; init; }
}

/// <summary>One value of the SCIM <c>emails</c> attribute.</summary>
public sealed record ScimEmail
{
    /// <summary><c>value</c>: the address.</summary>
    public required string Value { get; init; }
    /// <summary><c>type</c> (<c>work</c>, <c>home</c>, <c>other</c>).</summary>
    public string? Type { get; init; }
    /// <summary><c>primary</c>.</summary>
    public bool Primary { get; init; }
    /// <summary><c>display</c>.</summary>
    public string? Display { get; init; }
}

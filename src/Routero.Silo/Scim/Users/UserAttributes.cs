using Routero.Provisioning;

namespace Routero.Scim.Users;

/// <summary>
/// The User attributes Routero keeps (RFC 7643 §4.1): <c>userName</c>, <c>externalId</c>, <c>displayName</c>,
/// <c>name</c>, <c>emails</c> and <c>active</c>. The other core attributes, and schema extensions (keys that are URNs,
/// such as Entra ID's enterprise extension), are accepted and not stored; anything else is refused.
/// </summary>
internal sealed record UserAttributes
{
    /// <summary>The longest <c>userName</c> accepted.</summary>
    public const int MaxUserName = 256;

    private static readonly HashSet<string> Known = new(
        ["schemas", "id", "externalId", "meta", "userName", "name", "displayName", "emails", "active", "groups", "password"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Core attributes accepted but not stored (Entra ID's default mapping sends several of them).</summary>
    public static readonly HashSet<string> Ignored = new(
        ["nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "phoneNumbers", "ims", "photos",
         "addresses", "entitlements", "roles", "x509Certificates"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary><c>userName</c>.</summary>
    public required string UserName { get; init; }
    /// <summary><c>externalId</c>.</summary>
    public string? ExternalId { get; init; }
    /// <summary><c>displayName</c>.</summary>
    public string? DisplayName { get; init; }
    /// <summary><c>name</c>.</summary>
    public ScimName? Name { get; init; }
    /// <summary><c>emails</c>.</summary>
    public IReadOnlyList<ScimEmail> Emails { get; init; } = [];
    /// <summary><c>active</c>; null when the request left it out (a PUT then keeps the current value).</summary>
    public bool? Active { get; init; }

    /// <summary>Reads a User resource of a POST or PUT. <c>id</c>, <c>meta</c>, <c>groups</c> and <c>password</c> are ignored.</summary>
    public static UserAttributes Read(ScimObject body)
    {
        ScimPatch.RequireSchema(body, ScimSchemas.User);
        foreach (var name in body.Names)
            if (!Known.Contains(name) && !Ignored.Contains(name) && !name.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
                throw ScimException.InvalidSyntax($"'{name}' is not a User attribute.");
        return new UserAttributes
        {
            UserName = body.String("userName") ?? "",
            ExternalId = body.String("externalId"),
            DisplayName = body.String("displayName"),
            Name = UserValues.Name(body.Object("name")),
            Emails = UserValues.Emails(body.Objects("emails"), "emails"),
            Active = body.Bool("active"),
        }.Validated();
    }

    /// <summary>The attributes of a stored SCIM user.</summary>
    public static UserAttributes Of(ScimUserRecord user) => new()
    {
        UserName = user.UserName, ExternalId = user.ExternalId, DisplayName = user.DisplayName,
        Name = user.Name, Emails = user.Emails, Active = user.Active,
    };

    /// <summary>The stored SCIM user with these attributes (a left-out <c>active</c> keeps its value).</summary>
    public ScimUserRecord ApplyTo(ScimUserRecord user) => user with
    {
        UserName = UserName, ExternalId = ExternalId, DisplayName = DisplayName, Name = Name, Emails = Emails, Active = Active ?? user.Active,
    };

    /// <summary>Refuses what no User may be: a blank or overlong <c>userName</c>, two primary e-mails.</summary>
    public UserAttributes Validated()
    {
        if (string.IsNullOrWhiteSpace(UserName)) throw ScimException.InvalidValue("'userName' is required.");
        if (UserName.Length > MaxUserName) throw ScimException.InvalidValue($"'userName' is longer than {MaxUserName} characters.");
        if (Emails.Count(e => e.Primary) > 1) throw ScimException.InvalidValue("'emails' may have one primary value, not several.");
        return this;
    }
}

using Routero.Provisioning;

namespace Routero.Scim.Users;

/// <summary>Reading the complex User attributes (<c>name</c>, <c>emails</c>), and what Routero derives from them.</summary>
internal static class UserValues
{
    /// <summary>At most this many e-mails per user.</summary>
    public const int MaxEmails = 50;

    /// <summary>The sub-attributes of <c>name</c>.</summary>
    public static readonly HashSet<string> NameFields = new(
        ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The sub-attributes of an <c>emails</c> value.</summary>
    public static readonly HashSet<string> EmailFields = new(["value", "type", "primary", "display"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A <c>name</c> object, or null.</summary>
    public static ScimName? Name(ScimObject? name) => name is null ? null : MergeName(null, name);

    /// <summary><paramref name="current"/> with the sub-attributes <paramref name="name"/> sets (PATCH merges a complex value).</summary>
    public static ScimName MergeName(ScimName? current, ScimObject name)
    {
        name.RejectUnknown(NameFields);
        var merged = current ?? new ScimName();
        foreach (var field in name.Names) merged = WithNamePart(merged, field, name.String(field));
        return merged;
    }

    /// <summary>The name with one sub-attribute set (or cleared, with null).</summary>
    public static ScimName WithNamePart(ScimName name, string field, string? value) => field.ToLowerInvariant() switch
    {
        "formatted" => name with { Formatted = value },
        "familyname" => name with { FamilyName = value },
        "givenname" => name with { GivenName = value },
        "middlename" => name with { MiddleName = value },
        "honorificprefix" => name with { HonorificPrefix = value },
        "honorificsuffix" => name with { HonorificSuffix = value },
        _ => throw ScimException.InvalidPath($"'name.{field}' is not a sub-attribute of name."),
    };

    /// <summary>The values of an <c>emails</c> attribute (empty when absent).</summary>
    public static IReadOnlyList<ScimEmail> Emails(List<ScimObject>? emails, string path)
    {
        if (emails is null) return [];
        if (emails.Count > MaxEmails) throw ScimException.InvalidValue($"'{path}' holds more than {MaxEmails} values.");
        return [.. emails.Select(e => MergeEmail(null, e))];
    }

    /// <summary><paramref name="current"/> with the sub-attributes <paramref name="email"/> sets; a new value needs <c>value</c>.</summary>
    public static ScimEmail MergeEmail(ScimEmail? current, ScimObject email)
    {
        email.RejectUnknown(EmailFields);
        var merged = current ?? new ScimEmail { Value = "" };
        foreach (var field in email.Names) merged = WithEmailPart(merged, field, email.Node(field), email.Path(field));
        return Checked(merged, email.Path("value"));
    }

    /// <summary>An e-mail with one sub-attribute set from a JSON value.</summary>
    public static ScimEmail WithEmailPart(ScimEmail email, string field, System.Text.Json.Nodes.JsonNode? value, string path) => field.ToLowerInvariant() switch
    {
        "value" => email with { Value = ScimValues.String(value, path) ?? "" },
        "type" => email with { Type = ScimValues.String(value, path) },
        "primary" => email with { Primary = ScimValues.Bool(value, path) ?? false },
        "display" => email with { Display = ScimValues.String(value, path) },
        _ => throw ScimException.InvalidPath($"'{path}' is not a sub-attribute of emails."),
    };

    /// <summary>Refuses an e-mail without an address.</summary>
    public static ScimEmail Checked(ScimEmail email, string path) =>
        string.IsNullOrWhiteSpace(email.Value) ? throw ScimException.InvalidValue($"'{path}' is required: an e-mail needs an address.") : email;

    /// <summary>
    /// The Routero user's <c>user_email</c>: the primary e-mail, else the first of type work, else the first, else the
    /// <c>userName</c> when it is an address (Okta's default user names are).
    /// </summary>
    public static string? PrimaryEmail(ScimUserRecord user) =>
        (user.Emails.FirstOrDefault(e => e.Primary)
            ?? user.Emails.FirstOrDefault(e => string.Equals(e.Type, "work", StringComparison.OrdinalIgnoreCase))
            ?? user.Emails.FirstOrDefault())?.Value
        ?? (user.UserName.Contains('@') ? user.UserName : null);

    /// <summary>The Routero user's <c>user_alias</c>: <c>displayName</c>, else <c>name.formatted</c>, else given and family names.</summary>
    public static string? Alias(ScimUserRecord user)
    {
        if (!string.IsNullOrWhiteSpace(user.DisplayName)) return user.DisplayName;
        if (!string.IsNullOrWhiteSpace(user.Name?.Formatted)) return user.Name.Formatted;
        var parts = new[] { user.Name?.GivenName, user.Name?.FamilyName }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count > 0 ? string.Join(' ', parts) : null;
    }
}

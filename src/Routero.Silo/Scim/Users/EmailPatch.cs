using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Provisioning;

namespace Routero.Scim.Users;

/// <summary>
/// PATCH of the multi-valued <c>emails</c>: the whole list, the values a filter selects (<c>emails[type eq "work"]</c>),
/// or one sub-attribute of them (<c>emails[type eq "work"].value</c>, Entra ID's way of changing an address: with
/// <c>Add</c> when the user had no such e-mail, which then creates it).
/// </summary>
internal static class EmailPatch
{
    /// <summary>The e-mails after the operation.</summary>
    public static IReadOnlyList<ScimEmail> Apply(IReadOnlyList<ScimEmail> emails, PatchOp op, ScimPath path, JsonNode? value, string label)
    {
        var list = emails.ToList();
        var result = (path.Filter, path.SubAttribute) switch
        {
            (null, null) => WholeList(list, op, value, label),
            (_, null) => Selected(list, op, path.Filter!, value, label),
            _ => SubAttribute(list, op, path, value, label),
        };
        if (result.Count > UserValues.MaxEmails) throw ScimException.InvalidValue($"{label}: emails would hold more than {UserValues.MaxEmails} values.");
        return result;
    }

    private static List<ScimEmail> WholeList(List<ScimEmail> list, PatchOp op, JsonNode? value, string label)
    {
        var given = value is null ? null : UserValues.Emails(ScimValues.Objects(value, label), label);
        switch (op)
        {
            case PatchOp.Replace:
                return [.. given!];
            case PatchOp.Remove when given is null:
                return [];
            case PatchOp.Remove:
                return [.. list.Where(e => !given.Any(g => Same(g, e)))];
            default:
                // Add merges into the e-mail with the same address, else appends.
                foreach (var email in given!)
                {
                    var at = list.FindIndex(e => Same(e, email));
                    if (at >= 0) list[at] = email; else list.Add(email);
                }
                return PrimaryLast(list, given.FirstOrDefault(e => e.Primary));
        }
    }

    private static List<ScimEmail> Selected(List<ScimEmail> list, PatchOp op, IReadOnlyList<ScimClause> filter, JsonNode? value, string label)
    {
        if (op == PatchOp.Remove) return [.. list.Where(e => !Matches(e, filter, label))];
        var update = value is JsonObject o ? new ScimObject(o, "emails.") : throw ScimException.InvalidValue($"{label}: the value must be an e-mail object.");
        if (!list.Any(e => Matches(e, filter, label))) list.Add(UserValues.MergeEmail(FromFilter(filter, label), update));
        else list = [.. list.Select(e => Matches(e, filter, label) ? UserValues.MergeEmail(e, update) : e)];
        return list;
    }

    private static List<ScimEmail> SubAttribute(List<ScimEmail> list, PatchOp op, ScimPath path, JsonNode? value, string label)
    {
        var sub = path.SubAttribute!;
        if (!UserValues.EmailFields.Contains(sub)) throw ScimException.InvalidPath($"{label}: '{sub}' is not a sub-attribute of emails.");
        // Without a filter, emails.value means the primary (or only) e-mail.
        Func<ScimEmail, bool> selects = path.Filter is { } filter ? e => Matches(e, filter, label) : e => ReferenceEquals(e, Primary(list));
        if (op == PatchOp.Remove)
            return sub.Equals("value", StringComparison.OrdinalIgnoreCase)
                ? [.. list.Where(e => !selects(e))]
                : [.. list.Select(e => selects(e) ? UserValues.WithEmailPart(e, sub, null, label) : e)];
        if (!list.Any(selects))
        {
            var created = UserValues.WithEmailPart(path.Filter is { } f ? FromFilter(f, label) : new ScimEmail { Value = "" }, sub, value, label);
            return PrimaryLast([.. list, UserValues.Checked(created, label)], created.Primary ? created : null);
        }
        var changed = list.Select(e => selects(e) ? UserValues.Checked(UserValues.WithEmailPart(e, sub, value, label), label) : e).ToList();
        return PrimaryLast(changed, sub.Equals("primary", StringComparison.OrdinalIgnoreCase) ? changed.FirstOrDefault(e => e.Primary) : null);
    }

    /// <summary>A new e-mail shaped by the filter that found none (<c>type eq "work"</c> makes a work e-mail).</summary>
    private static ScimEmail FromFilter(IReadOnlyList<ScimClause> filter, string label) =>
        filter.Aggregate(new ScimEmail { Value = "" }, (email, clause) => UserValues.WithEmailPart(email, clause.Attribute, clause.Value, label));

    private static bool Matches(ScimEmail email, IReadOnlyList<ScimClause> filter, string label) => filter.All(clause => clause.Attribute.ToLowerInvariant() switch
    {
        "value" => string.Equals(email.Value, Text(clause, label), StringComparison.OrdinalIgnoreCase),
        "type" => string.Equals(email.Type, Text(clause, label), StringComparison.OrdinalIgnoreCase),
        "display" => string.Equals(email.Display, Text(clause, label), StringComparison.OrdinalIgnoreCase),
        "primary" => email.Primary == (ScimValues.Bool(clause.Value, label) ?? false),
        _ => throw ScimException.InvalidPath($"{label}: emails cannot be filtered by '{clause.Attribute}'."),
    });

    private static string Text(ScimClause clause, string label) => clause.StringValue(m => ScimException.InvalidPath($"{label}: {m}"));

    private static ScimEmail? Primary(List<ScimEmail> list) => list.FirstOrDefault(e => e.Primary) ?? (list.Count == 1 ? list[0] : null);

    private static bool Same(ScimEmail a, ScimEmail b) => string.Equals(a.Value, b.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>One primary at most: a value made primary takes it from the others.</summary>
    private static List<ScimEmail> PrimaryLast(List<ScimEmail> list, ScimEmail? primary) =>
        primary is null ? list : [.. list.Select(e => ReferenceEquals(e, primary) || !e.Primary ? e : e with { Primary = false })];
}

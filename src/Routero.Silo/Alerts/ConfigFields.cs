using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Admin;
using Routero.Errors;

namespace Routero.Alerts;

/// <summary>
/// Reads a <c>/config/update</c> body in LiteLLM's shape (<c>general_settings</c>, <c>environment_variables</c>) onto an
/// organization's alert settings. PATCH semantics: a field present replaces (null clears it), an absent one is kept.
/// Every failure is a 400 naming the field; nothing is applied unless the whole body is valid.
/// </summary>
internal static class ConfigFields
{
    /// <summary>Fields of the body.</summary>
    public static readonly FrozenSet<string> Body = Fields.Of(["organization_id", "general_settings", "environment_variables"]);

    private static readonly FrozenSet<string> General = Fields.Of(["alerting", "alert_types", "budget_alert_thresholds", "alert_to_webhook_url"]);
    private static readonly FrozenSet<string> Environment = Fields.Of([SlackUrl, WebhookUrl]);
    private const string SlackUrl = "SLACK_WEBHOOK_URL";
    private const string WebhookUrl = "WEBHOOK_URL";
    private const int MaxThresholds = 10;
    private const int MaxSlackUrls = 5;

    /// <summary>The settings after the body's changes, validated as a whole.</summary>
    public static AlertSettings Apply(FieldReader body, AlertSettings current, bool allowPrivateNetworks)
    {
        var next = current;
        if (body.Object("general_settings") is { } general) next = ApplyGeneral(body.Nested("general_settings", general), next, allowPrivateNetworks);
        if (body.Object("environment_variables") is { } environment) next = ApplyEnvironment(body.Nested("environment_variables", environment), next, allowPrivateNetworks);
        RequireUrlsOfChannels(next);
        return next;
    }

    private static AlertSettings ApplyGeneral(FieldReader r, AlertSettings s, bool allowPrivate)
    {
        // LiteLLM's alerting_threshold is seconds before a request counts as hanging: accepting it would promise alerts Routero never sends.
        foreach (var unsupported in (ReadOnlySpan<string>)["alerting_threshold", "alerting_args", "spend_report_frequency"])
            if (r.Has(unsupported)) throw r.Bad(unsupported, "is not supported: Routero sends budget alerts only (thresholds are budget_alert_thresholds)");
        r.RejectUnknown(General);
        return s with
        {
            Alerting = r.Pick("alerting", n => Names(r, n, AlertChannelNames.All, "a channel") ?? [], s.Alerting),
            AlertTypes = r.Pick("alert_types", n => Names(r, n, [AlertSettings.BudgetAlerts], "an alert type Routero sends") ?? [AlertSettings.BudgetAlerts], s.AlertTypes),
            BudgetAlertThresholds = r.Pick("budget_alert_thresholds", n => Shares(r, n) ?? AlertSettings.DefaultThresholds, s.BudgetAlertThresholds),
            BudgetAlertSlackUrls = r.Object("alert_to_webhook_url") is { } perType
                ? SlackUrlsOf(r.Nested("alert_to_webhook_url", perType), s.BudgetAlertSlackUrls, allowPrivate)
                : r.Has("alert_to_webhook_url") ? [] : s.BudgetAlertSlackUrls,
        };
    }

    private static AlertSettings ApplyEnvironment(FieldReader r, AlertSettings s, bool allowPrivate)
    {
        r.RejectUnknown(Environment);
        return s with
        {
            SlackWebhookUrl = r.Pick(SlackUrl, n => Url(r, n, allowPrivate), s.SlackWebhookUrl),
            WebhookUrl = r.Pick(WebhookUrl, n => Url(r, n, allowPrivate), s.WebhookUrl),
        };
    }

    private static IReadOnlyList<string> SlackUrlsOf(FieldReader r, IReadOnlyList<string> current, bool allowPrivate)
    {
        foreach (var (type, _) in r.Fields)
            if (type != AlertSettings.BudgetAlerts) throw r.Bad(type, $"'{type}' is not supported; Routero sends {AlertSettings.BudgetAlerts} only");
        if (!r.Has(AlertSettings.BudgetAlerts)) return current;
        var node = r.Node(AlertSettings.BudgetAlerts);
        IReadOnlyList<string> urls = node switch
        {
            null => [],
            JsonArray => r.Strings(AlertSettings.BudgetAlerts)!,
            _ => [r.String(AlertSettings.BudgetAlerts)!],
        };
        if (urls.Count > MaxSlackUrls) throw r.Bad(AlertSettings.BudgetAlerts, $"must name at most {MaxSlackUrls} URLs");
        foreach (var url in urls) CheckUrl(r, AlertSettings.BudgetAlerts, url, allowPrivate);
        return [.. urls.Distinct(StringComparer.Ordinal)];
    }

    private static string? Url(FieldReader r, string name, bool allowPrivate)
    {
        if (r.String(name) is not { } url) return null;
        CheckUrl(r, name, url, allowPrivate);
        return url;
    }

    private static void CheckUrl(FieldReader r, string name, string url, bool allowPrivate)
    {
        if (WebhookUrls.Problem(url, allowPrivate) is { } problem) throw r.Bad(name, problem);
    }

    /// <summary>An array of names from <paramref name="allowed"/>, duplicates dropped; null when the field is null.</summary>
    private static IReadOnlyList<string>? Names(FieldReader r, string name, IReadOnlyList<string> allowed, string what)
    {
        if (r.Strings(name) is not { } names) return null;
        foreach (var n in names)
            if (!allowed.Contains(n)) throw r.Bad(name, $"'{n}' is not {what}; use {string.Join(" or ", allowed.Select(a => $"\"{a}\""))}");
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Shares of max_budget in (0, 1], ascending and distinct; null when the field is null.</summary>
    private static IReadOnlyList<decimal>? Shares(FieldReader r, string name)
    {
        if (r.Node(name) is null) return null;
        var rule = $"must be an array of 1 to {MaxThresholds} shares of max_budget, each above 0 and at most 1 (e.g. [0.8, 1.0])";
        if (r.Node(name) is not JsonArray { Count: > 0 and <= MaxThresholds } array) throw r.Bad(name, rule);
        var shares = new SortedSet<decimal>();
        foreach (var item in array)
        {
            if (item?.GetValueKind() != JsonValueKind.Number || !item.AsValue().TryGetValue<decimal>(out var share) || share <= 0 || share > 1)
                throw r.Bad(name, rule);
            shares.Add(Normalized(share));
        }
        return [.. shares];
    }

    /// <summary>0.80 and 0.8 are one share: trailing zeros dropped, so answers and alert claims spell it one way.</summary>
    private static decimal Normalized(decimal value) =>
        decimal.Parse(value.ToString("0.############################", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void RequireUrlsOfChannels(AlertSettings s)
    {
        if (s.Alerting.Contains(AlertChannelNames.Slack) && s.SlackUrls.Count == 0)
            throw Missing($"environment_variables.{SlackUrl}", "slack");
        if (s.Alerting.Contains(AlertChannelNames.Webhook) && s.WebhookUrl is null)
            throw Missing($"environment_variables.{WebhookUrl}", "webhook");
    }

    private static ApiException Missing(string param, string channel) =>
        new(ApiError.BadRequest($"{param}: is required while general_settings.alerting includes \"{channel}\"", param));
}

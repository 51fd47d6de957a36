using System.Text.Json.Nodes;

namespace Routero.Alerts;

/// <summary>
/// An organization's alert settings as <c>/config/get</c> and <c>/config/update</c> answer them: the shape of the
/// update body, with every webhook URL masked.
/// </summary>
internal static class ConfigView
{
    /// <summary>The answer for <paramref name="organizationId"/>.</summary>
    public static JsonObject Of(string organizationId, AlertSettings settings) => new()
    {
        ["organization_id"] = organizationId,
        ["general_settings"] = new JsonObject
        {
            ["alerting"] = Strings(settings.Alerting),
            ["alert_types"] = Strings(settings.AlertTypes),
            ["budget_alert_thresholds"] = new JsonArray([.. settings.BudgetAlertThresholds.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["alert_to_webhook_url"] = settings.BudgetAlertSlackUrls.Count == 0
                ? new JsonObject()
                : new JsonObject { [AlertSettings.BudgetAlerts] = Strings(settings.BudgetAlertSlackUrls.Select(WebhookUrls.Mask)) },
        },
        ["environment_variables"] = new JsonObject
        {
            ["SLACK_WEBHOOK_URL"] = Masked(settings.SlackWebhookUrl),
            ["WEBHOOK_URL"] = Masked(settings.WebhookUrl),
        },
        ["updated_at"] = settings.UpdatedAt,
        ["updated_by"] = settings.UpdatedBy,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string? Masked(string? url) => url is null ? null : WebhookUrls.Mask(url);
}

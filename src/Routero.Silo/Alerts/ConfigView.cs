using System.Text.Json.Nodes;

namespace Routero.Alerts;

/// <summary>
/// An organization's alert settings as <c>/config/get</c> and <c>/config/update</c> answer them: the shape of the
/// update body, with every webhook URL masked.
/// </summary>
internal static class ConfigView
{
    /// <summary>The answer for <paramref name="organizationId"/>.</summary>
    public static JsonObject Of(string organizationId, AlertSettings settings)
    {
        var shown = settings.Masked();
        return new()
        {
            ["organization_id"] = organizationId,
            ["general_settings"] = new JsonObject
            {
                ["alerting"] = Strings(shown.Alerting),
                ["alert_types"] = Strings(shown.AlertTypes),
                ["budget_alert_thresholds"] = new JsonArray([.. shown.BudgetAlertThresholds.Select(t => (JsonNode)JsonValue.Create(t))]),
                ["alert_to_webhook_url"] = shown.BudgetAlertSlackUrls.Count == 0
                    ? new JsonObject()
                    : new JsonObject { [AlertSettings.BudgetAlerts] = Strings(shown.BudgetAlertSlackUrls) },
            },
            ["environment_variables"] = new JsonObject
            {
                ["SLACK_WEBHOOK_URL"] = shown.SlackWebhookUrl,
                ["WEBHOOK_URL"] = shown.WebhookUrl,
            },
            ["updated_at"] = shown.UpdatedAt,
            ["updated_by"] = shown.UpdatedBy,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}

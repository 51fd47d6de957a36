using System.Text.Json.Serialization;

namespace Routero.Alerts;

/// <summary>
/// An organization's alerting, as <c>/config/update</c> sets it and storage keeps it (setting <see cref="Name"/>).
/// The webhook URLs are secrets (a Slack incoming-webhook URL is all it takes to post into the channel): they are
/// stored, used and never logged or answered back unmasked.
/// </summary>
internal sealed record AlertSettings
{
    /// <summary>The name of the organization setting.</summary>
    public const string Name = "alerting";

    /// <summary>The one alert type Routero sends (LiteLLM's name).</summary>
    public const string BudgetAlerts = "budget_alerts";

    /// <summary>Shares of <c>max_budget</c> alerted at when none are configured.</summary>
    public static readonly IReadOnlyList<decimal> DefaultThresholds = [0.8m, 1.0m];

    /// <summary>Nothing configured: no channels, so nothing is sent.</summary>
    public static readonly AlertSettings None = new();

    /// <summary>Channels (<c>general_settings.alerting</c>): <c>slack</c> and/or <c>webhook</c>.</summary>
    public IReadOnlyList<string> Alerting { get; init; } = [];

    /// <summary>Alert types (<c>general_settings.alert_types</c>).</summary>
    public IReadOnlyList<string> AlertTypes { get; init; } = [BudgetAlerts];

    /// <summary>Shares of <c>max_budget</c> (and of a key's <c>credit_limit_usd</c>) that alert, each in (0, 1].</summary>
    public IReadOnlyList<decimal> BudgetAlertThresholds { get; init; } = DefaultThresholds;

    /// <summary><c>environment_variables.SLACK_WEBHOOK_URL</c>.</summary>
    public string? SlackWebhookUrl { get; init; }

    /// <summary><c>general_settings.alert_to_webhook_url.budget_alerts</c>: Slack URLs that replace the default for budget alerts.</summary>
    public IReadOnlyList<string> BudgetAlertSlackUrls { get; init; } = [];

    /// <summary><c>environment_variables.WEBHOOK_URL</c>: the generic JSON webhook.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Who changed it last.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>When it was changed last.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The Slack URLs budget alerts go to: the per-type ones if any, else the default one (derived, never stored).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SlackUrls =>
        BudgetAlertSlackUrls.Count > 0 ? BudgetAlertSlackUrls : SlackWebhookUrl is { } url ? [url] : [];

    /// <summary>The settings with every webhook URL masked: what may be answered back or written to the audit log.</summary>
    public AlertSettings Masked() => this with
    {
        SlackWebhookUrl = SlackWebhookUrl is { } slack ? WebhookUrls.Mask(slack) : null,
        BudgetAlertSlackUrls = [.. BudgetAlertSlackUrls.Select(WebhookUrls.Mask)],
        WebhookUrl = WebhookUrl is { } webhook ? WebhookUrls.Mask(webhook) : null,
    };

    /// <summary>Where budget alerts go; empty when the organization receives none.</summary>
    public IReadOnlyList<AlertDestination> Destinations()
    {
        if (!AlertTypes.Contains(BudgetAlerts)) return [];
        var destinations = new List<AlertDestination>();
        if (Alerting.Contains(AlertChannelNames.Slack))
            destinations.AddRange(SlackUrls.Select((url, i) => new AlertDestination(AlertChannel.Slack, i, url)));
        if (Alerting.Contains(AlertChannelNames.Webhook) && WebhookUrl is { } webhook)
            destinations.Add(new AlertDestination(AlertChannel.Webhook, 0, webhook));
        return destinations;
    }
}

/// <summary>How an alert is sent.</summary>
internal enum AlertChannel
{
    /// <summary>A Slack incoming webhook: <c>{"text": ...}</c>.</summary>
    Slack,
    /// <summary>A generic webhook: the alert as JSON.</summary>
    Webhook,
}

/// <summary>The channel names of <c>general_settings.alerting</c>.</summary>
internal static class AlertChannelNames
{
    /// <summary>Slack.</summary>
    public const string Slack = "slack";

    /// <summary>The generic webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>Every channel name.</summary>
    public static readonly string[] All = [Slack, Webhook];

    /// <summary>The name as configured.</summary>
    public static string Name(this AlertChannel channel) => channel == AlertChannel.Slack ? Slack : Webhook;
}

/// <summary>One place an organization's alerts go: a channel and its URL (a secret).</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Index">Which of the channel's URLs (several Slack URLs may be set).</param>
/// <param name="Url">The URL.</param>
internal sealed record AlertDestination(AlertChannel Channel, int Index, string Url)
{
    /// <summary>How logs name the destination: the channel and its index, never the URL.</summary>
    public string Label => Index == 0 ? Channel.Name() : $"{Channel.Name()}#{Index}";
}

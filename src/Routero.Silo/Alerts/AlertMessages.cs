using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Money;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// What an alert says: one sentence for people (Slack, <c>event_message</c>), and the JSON body of the generic webhook,
/// documented in the README. Money is exact: dollars as decimal numbers, and nanodollars as integers beside them.
/// </summary>
internal static class AlertMessages
{
    /// <summary>The sentence, e.g. <c>Budget alert: team "search" (team-1) of organization "acme" (org-1) reached 80% of its max_budget: $40 spent of $50 in the budget window 2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z.</c></summary>
    public static string Text(BudgetAlert alert)
    {
        var level = alert.Level;
        var text = new StringBuilder("Budget alert: ").Append(Name(level.Kind.Name(), level.Alias, level.DisplayId));
        if (level.Kind != EntityKind.Organization) text.Append(" of ").Append(Name("organization", alert.OrganizationAlias, alert.OrganizationId));
        var threshold = alert.Threshold;
        text.Append(threshold.Limit == BudgetLimit.SoftBudget
            ? $" crossed its soft_budget: {Dollars(alert.Spend)} spent of {Dollars(threshold.LimitAmount)}"
            : $" reached {Percent(threshold.Share)} of its {threshold.LimitName}: {Dollars(alert.Spend)} spent of {Dollars(threshold.LimitAmount)}");
        return text.Append(Period(alert)).Append('.').ToString();
    }

    /// <summary>A Slack incoming-webhook message: <c>{"text": ...}</c>, with Slack's three control characters escaped.</summary>
    public static byte[] SlackBody(BudgetAlert alert)
    {
        var text = Text(alert).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["text"] = text });
    }

    /// <summary>The generic webhook's body.</summary>
    public static byte[] WebhookBody(BudgetAlert alert)
    {
        var (level, threshold) = (alert.Level, alert.Threshold);
        var body = new JsonObject
        {
            ["alert_id"] = alert.AlertId,
            ["event"] = alert.Event,
            ["event_group"] = level.Kind.Name(),
            ["event_message"] = Text(alert),
            ["entity"] = new JsonObject { ["kind"] = level.Kind.Name(), ["id"] = level.DisplayId, ["alias"] = level.Alias },
            ["organization"] = new JsonObject { ["id"] = alert.OrganizationId, ["alias"] = alert.OrganizationAlias },
            ["spend"] = alert.Spend.ToDollars(),
            ["spend_nanos"] = alert.Spend.Nanos,
            ["budget_type"] = threshold.LimitName,
            ["budget"] = threshold.LimitAmount.ToDollars(),
            ["budget_nanos"] = threshold.LimitAmount.Nanos,
            ["threshold"] = threshold.Share,
            ["threshold_spend"] = threshold.Amount.ToDollars(),
            ["threshold_spend_nanos"] = threshold.Amount.Nanos,
            ["max_budget"] = level.Limits.MaxBudget,
            ["soft_budget"] = level.Limits.SoftBudget,
            ["window_start"] = alert.Window == AlertWindow.Lifetime ? null : alert.Window.Start,
            ["window_end"] = alert.Window.End,
            ["created_at"] = alert.CreatedAt,
            ["organization_id"] = alert.OrganizationId,
        };
        AddLiteLlmIds(body, level);
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>The id fields LiteLLM's budget webhooks carry for the level's kind.</summary>
    private static void AddLiteLlmIds(JsonObject body, LevelView level)
    {
        switch (level.Record)
        {
            case KeyRecord key:
                body["token"] = key.Token;
                body["key_alias"] = key.KeyAlias;
                body["team_id"] = key.TeamId;
                body["user_id"] = key.UserId;
                break;
            case TeamRecord team:
                body["team_id"] = team.TeamId;
                body["team_alias"] = team.TeamAlias;
                break;
            case UserRecord user:
                body["user_id"] = user.UserId;
                body["user_email"] = user.UserEmail;
                break;
            case CustomerRecord customer:
                body["customer_id"] = customer.UserId;
                break;
        }
    }

    private static string Period(BudgetAlert alert) => alert.Window switch
    {
        var w when w == AlertWindow.Lifetime => " over its lifetime",
        { Resets: false } w => $" since {Instant(w.Start)} (the budget does not reset)",
        var w => $" in the budget window {Instant(w.Start)} to {Instant(w.End!.Value)}",
    };

    private static string Name(string kind, string? alias, string id) => alias is null or "" ? $"{kind} {id}" : $"{kind} \"{alias}\" ({id})";

    private static string Dollars(Usd amount) => "$" + amount;

    private static string Percent(decimal share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

using Microsoft.Extensions.Options;
using Routero.Accounting;

namespace Routero.Alerts;

/// <summary>Registering budget alerts.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Adds budget alerting: options from <see cref="AlertOptions.Section"/> (checked at start), the feed the spend writer
    /// reports durable batches to (<see cref="ISpendObserver"/>), the evaluator and the delivery lanes.
    /// </summary>
    public static IServiceCollection AddRouteroAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AlertOptions>>().Value);
        services.AddSingleton<AlertStats>();
        services.AddSingleton<SpendFeed>();
        services.AddSingleton<ISpendObserver>(sp => sp.GetRequiredService<SpendFeed>());
        services.AddSingleton<AlertSettingsStore>();
        services.AddSingleton<LevelReader>();
        services.AddSingleton<WindowSpend>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService<AlertEvaluator>();
        return services;
    }

    private sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
    {
        public ValidateOptionsResult Validate(string? name, AlertOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

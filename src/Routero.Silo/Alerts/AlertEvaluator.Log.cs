namespace Routero.Alerts;

internal sealed partial class AlertEvaluator
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Budget alert {AlertId} raised: {Kind} {Id} of organization {OrganizationId} reached {Threshold} with {SpendNanos} nanodollars spent.")]
    private partial void LogRaised(string alertId, string kind, string id, string organizationId, string threshold, long spendNanos);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Evaluating budget alerts of {Kind} {Id} failed; its next spend tries again.")]
    private partial void LogEvaluationFailed(Exception e, string kind, string id);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "The budget alert evaluator fell behind and skipped {Count} spend batches; their levels are evaluated again at their next spend.")]
    private partial void LogSkipped(long count);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Pruning old budget alert claims failed; trying again in an hour.")]
    private partial void LogPruneFailed(Exception e);
}

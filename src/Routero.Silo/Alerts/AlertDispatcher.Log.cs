namespace Routero.Alerts;

internal sealed partial class AlertDispatcher
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Budget alert {AlertId} of organization {OrganizationId} delivered to {Destination} (attempt {Attempt}).")]
    private partial void LogDelivered(string organizationId, string destination, string alertId, int attempt);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Budget alert {AlertId} of organization {OrganizationId}: attempt {Attempt} to {Destination} failed ({Reason}); retrying in {Delay}.")]
    private partial void LogRetrying(string organizationId, string destination, string alertId, int attempt, string? reason, TimeSpan delay);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Budget alert {AlertId} of organization {OrganizationId} was not delivered to {Destination} and is dropped after {Attempts} attempt(s): {Reason}.")]
    private partial void LogGaveUp(string organizationId, string destination, string alertId, int attempts, string? reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Budget alert {AlertId} of organization {OrganizationId} for {Destination} is dropped: {Why}.")]
    private partial void LogQueueFull(string organizationId, string destination, string alertId, string why);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Budget alert {AlertId} of organization {OrganizationId} for {Destination} was being delivered when the silo stopped; it is dropped.")]
    private partial void LogAbandoned(string organizationId, string destination, string alertId);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "{Count} budget alerts waiting for delivery are dropped: the silo is stopping.")]
    private partial void LogDroppedAtStop(int count);
}

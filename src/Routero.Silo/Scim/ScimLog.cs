namespace Routero.Scim;

/// <summary>SCIM log events (5001-5099). Tokens never appear in them.</summary>
internal static partial class ScimLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "SCIM token minted for organization {OrganizationId} by {Caller}.")]
    public static partial void TokenMinted(ILogger logger, string organizationId, string caller);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "SCIM token of organization {OrganizationId} revoked by {Caller}.")]
    public static partial void TokenRevoked(ILogger logger, string organizationId, string caller);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "SCIM request from {Remote} refused: invalid token.")]
    public static partial void TokenRefused(ILogger logger, string? remote);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "SCIM of organization {OrganizationId} deprovisioned user {UserId} ({Reason}).")]
    public static partial void Deprovisioned(ILogger logger, string organizationId, string userId, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "SCIM of organization {OrganizationId} provisioned user {UserId} again.")]
    public static partial void Reprovisioned(ILogger logger, string organizationId, string userId);
}

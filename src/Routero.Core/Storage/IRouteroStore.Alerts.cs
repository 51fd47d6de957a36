namespace Routero.Storage;

public partial interface IRouteroStore
{
    /// <summary>One named setting of an organization (e.g. <c>alerting</c>), or null when it was never set.</summary>
    Task<OrganizationSetting?> GetOrganizationSettingAsync(string organizationId, string name, CancellationToken ct = default);

    /// <summary>
    /// Writes a setting with optimistic concurrency, as entity updates do: <see cref="OrganizationSetting.Version"/> 1
    /// creates it (<see cref="CommitStatus.Duplicate"/> when it exists), a higher version replaces the stored one only
    /// while that is still at <c>Version - 1</c> (else <see cref="CommitStatus.Conflict"/>). Deleting the organization
    /// deletes its settings. <paramref name="audit"/>, when given, is appended in the same transaction, and only if the
    /// setting was written.
    /// </summary>
    Task<CommitStatus> PutOrganizationSettingAsync(OrganizationSetting setting, AuditRecord? audit = null, CancellationToken ct = default);

    /// <summary>
    /// Records that a budget alert is being sent, unless it already was: true for exactly one caller per level, window
    /// start and threshold, however many silos try at once. Deleting the level deletes its claims.
    /// </summary>
    Task<bool> TryClaimBudgetAlertAsync(BudgetAlertClaim claim, CancellationToken ct = default);

    /// <summary>Forgets the claims of windows that ended before <paramref name="windowEndedBefore"/>; returns how many.</summary>
    Task<int> PruneBudgetAlertsAsync(DateTimeOffset windowEndedBefore, CancellationToken ct = default);
}

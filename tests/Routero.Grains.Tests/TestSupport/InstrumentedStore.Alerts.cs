using Routero.Storage;

namespace Routero.Grains.Tests.TestSupport;

internal sealed partial class InstrumentedStore
{
    public Task<OrganizationSetting?> GetOrganizationSettingAsync(string organizationId, string name, CancellationToken ct = default) =>
        inner.GetOrganizationSettingAsync(organizationId, name, ct);

    public Task<CommitStatus> PutOrganizationSettingAsync(OrganizationSetting setting, AuditRecord? audit = null, CancellationToken ct = default) =>
        inner.PutOrganizationSettingAsync(setting, audit, ct);

    public Task<bool> TryClaimBudgetAlertAsync(BudgetAlertClaim claim, CancellationToken ct = default) => inner.TryClaimBudgetAlertAsync(claim, ct);

    public Task<int> PruneBudgetAlertsAsync(DateTimeOffset windowEndedBefore, CancellationToken ct = default) =>
        inner.PruneBudgetAlertsAsync(windowEndedBefore, ct);
}

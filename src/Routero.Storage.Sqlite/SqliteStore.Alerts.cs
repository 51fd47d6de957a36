using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string InsertSettingSql = """
        INSERT INTO organization_settings (organization_id, name, json, version, updated_at)
        VALUES ($org, $name, $json, $version, $updated)
        ON CONFLICT DO NOTHING;
        """;

    private const string UpdateSettingSql = """
        UPDATE organization_settings SET json = $json, version = $version, updated_at = $updated
        WHERE organization_id = $org AND name = $name AND version = $version - 1;
        """;

    // The insert that only one caller can win: the claim is the primary key.
    private const string ClaimSql = """
        INSERT INTO budget_alerts (level_kind, level_id, window_start, threshold, window_end, organization_id, claimed_at, claimed_by)
        VALUES ($kind, $id, $start, $threshold, $end, $org, $claimed_at, $claimed_by)
        ON CONFLICT DO NOTHING;
        """;

    /// <inheritdoc />
    public Task<OrganizationSetting?> GetOrganizationSettingAsync(string organizationId, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(async (connection, token) =>
        {
            await using var command = connection.Command(
                "SELECT json, version, updated_at FROM organization_settings WHERE organization_id = $org AND name = $name;");
            command.Parameters.Add("$org", organizationId);
            command.Parameters.Add("$name", name);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token)
                ? new OrganizationSetting
                {
                    OrganizationId = organizationId, Name = name, Json = reader.GetString(0),
                    Version = reader.GetInt64(1), UpdatedAt = SqlValues.FromTicks(reader.GetInt64(2)),
                }
                : null;
        }, ct);
    }

    /// <inheritdoc />
    public Task<CommitStatus> PutOrganizationSettingAsync(OrganizationSetting setting, AuditRecord? audit = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfLessThan(setting.Version, 1);
        return WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.Command(setting.Version == 1 ? InsertSettingSql : UpdateSettingSql, transaction);
            command.Parameters.Add("$org", setting.OrganizationId);
            command.Parameters.Add("$name", setting.Name);
            command.Parameters.Add("$json", setting.Json);
            command.Parameters.Add("$version", setting.Version);
            command.Parameters.Add("$updated", SqlValues.ToTicks(setting.UpdatedAt));
            if (await command.ExecuteNonQueryAsync(token) != 1) return setting.Version == 1 ? CommitStatus.Duplicate : CommitStatus.Conflict;
            if (audit is not null) await AppendAuditAsync(connection, transaction, [audit], token);
            return CommitStatus.Committed;
        }, status => status == CommitStatus.Committed, ct);
    }

    /// <inheritdoc />
    public Task<bool> TryClaimBudgetAlertAsync(BudgetAlertClaim claim, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.Command(ClaimSql, transaction);
            BindClaim(command.Parameters, claim);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, claimed => claimed, ct);
    }

    /// <inheritdoc />
    public Task<int> PruneBudgetAlertsAsync(DateTimeOffset windowEndedBefore, CancellationToken ct = default) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.Command("DELETE FROM budget_alerts WHERE window_end < $before;", transaction);
            command.Parameters.Add("$before", SqlValues.ToTicks(windowEndedBefore));
            return await command.ExecuteNonQueryAsync(token);
        }, static _ => true, ct);

    private static void BindClaim(SqliteParameterCollection parameters, BudgetAlertClaim claim)
    {
        parameters.Add("$kind", (int)claim.LevelKind);
        parameters.Add("$id", claim.LevelId);
        parameters.Add("$start", SqlValues.ToTicks(claim.WindowStart));
        parameters.Add("$threshold", claim.Threshold);
        parameters.Add("$end", claim.WindowEnd is { } end ? SqlValues.ToTicks(end) : null);
        parameters.Add("$org", claim.OrganizationId);
        parameters.Add("$claimed_at", SqlValues.ToTicks(claim.ClaimedAt));
        parameters.Add("$claimed_by", claim.ClaimedBy);
    }
}

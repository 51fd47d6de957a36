using Npgsql;

namespace Routero.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string InsertSettingSql = """
        INSERT INTO organization_settings (organization_id, name, json, version, updated_at)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT DO NOTHING
        """;

    // Of two silos updating from one version, exactly one matches (the other waits, then re-checks the version).
    private const string UpdateSettingSql = """
        UPDATE organization_settings SET json = $3, version = $4, updated_at = $5
        WHERE organization_id = $1 AND name = $2 AND version = $4 - 1
        """;

    // Under READ COMMITTED a concurrent insert of the same key makes this one wait and then do nothing:
    // exactly one silo inserts the row, and only that silo sends the alert.
    private const string ClaimSql = """
        INSERT INTO budget_alerts (level_kind, level_id, window_start, threshold, window_end, organization_id, claimed_at, claimed_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT DO NOTHING
        """;

    /// <inheritdoc />
    public async Task<OrganizationSetting?> GetOrganizationSettingAsync(string organizationId, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(organizationId);
        ArgumentNullException.ThrowIfNull(name);
        await using var command = Command("SELECT json, version, updated_at FROM organization_settings WHERE organization_id = $1 AND name = $2",
            SqlValues.Text(organizationId), SqlValues.Text(name));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new OrganizationSetting
            {
                OrganizationId = organizationId, Name = name, Json = reader.GetString(0),
                Version = reader.GetInt64(1), UpdatedAt = SqlValues.FromTicks(reader.GetInt64(2)),
            }
            : null;
    }

    /// <inheritdoc />
    public async Task<CommitStatus> PutOrganizationSettingAsync(OrganizationSetting setting, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfLessThan(setting.Version, 1);
        await using var command = Command(setting.Version == 1 ? InsertSettingSql : UpdateSettingSql,
            SqlValues.Text(setting.OrganizationId), SqlValues.Text(setting.Name), SqlValues.Text(setting.Json),
            SqlValues.Long(setting.Version), SqlValues.Long(SqlValues.ToTicks(setting.UpdatedAt)));
        if (await command.ExecuteNonQueryAsync(ct) == 1) return CommitStatus.Committed;
        return setting.Version == 1 ? CommitStatus.Duplicate : CommitStatus.Conflict;
    }

    /// <inheritdoc />
    public async Task<bool> TryClaimBudgetAlertAsync(BudgetAlertClaim claim, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var command = Command(ClaimSql,
            SqlValues.Int((int)claim.LevelKind), SqlValues.Text(claim.LevelId), SqlValues.Long(SqlValues.ToTicks(claim.WindowStart)),
            SqlValues.Text(claim.Threshold), NullableTicks(claim.WindowEnd), SqlValues.Text(claim.OrganizationId),
            SqlValues.Long(SqlValues.ToTicks(claim.ClaimedAt)), SqlValues.Text(claim.ClaimedBy));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <inheritdoc />
    public async Task<int> PruneBudgetAlertsAsync(DateTimeOffset windowEndedBefore, CancellationToken ct = default)
    {
        await using var command = Command("DELETE FROM budget_alerts WHERE window_end < $1", SqlValues.Long(SqlValues.ToTicks(windowEndedBefore)));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter NullableTicks(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = value is { } v ? SqlValues.ToTicks(v) : DBNull.Value };
}

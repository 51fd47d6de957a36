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
    public Task<CommitStatus> PutOrganizationSettingAsync(OrganizationSetting setting, AuditRecord? audit = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfLessThan(setting.Version, 1);
        return WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = new NpgsqlCommand(setting.Version == 1 ? InsertSettingSql : UpdateSettingSql, connection, transaction);
            command.Parameters.Add(SqlValues.Text(setting.OrganizationId));
            command.Parameters.Add(SqlValues.Text(setting.Name));
            command.Parameters.Add(SqlValues.Text(setting.Json));
            command.Parameters.Add(SqlValues.Long(setting.Version));
            command.Parameters.Add(SqlValues.Long(SqlValues.ToTicks(setting.UpdatedAt)));
            if (await command.ExecuteNonQueryAsync(token) != 1) return setting.Version == 1 ? CommitStatus.Duplicate : CommitStatus.Conflict;
            if (audit is not null)
            {
                await using var append = new NpgsqlBatch(connection, transaction);
                append.BatchCommands.Add(AuditRows.Append([audit]));
                await append.ExecuteNonQueryAsync(token);
            }
            return CommitStatus.Committed;
        }, status => status == CommitStatus.Committed, ct);
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

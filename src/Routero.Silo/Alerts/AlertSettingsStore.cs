using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// Organizations' alert settings, read through a short cache: the evaluator asks for them per durable batch, and a
/// change made on another silo is seen within <see cref="AlertOptions.SettingsCacheSeconds"/>. Changes made through
/// this silo are seen at once.
/// </summary>
internal sealed partial class AlertSettingsStore(IRouteroStore store, TimeProvider time, AlertOptions options, ILogger<AlertSettingsStore> logger)
{
    private readonly ConcurrentDictionary<string, (AlertSettings Settings, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The organization's settings (<see cref="AlertSettings.None"/> when never set), cached.</summary>
    public async ValueTask<AlertSettings> GetAsync(string organizationId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(organizationId, out var cached) && now - cached.ReadAt < options.SettingsCacheLifetime && now >= cached.ReadAt)
            return cached.Settings;
        var (settings, _) = await ReadAsync(organizationId, ct).ConfigureAwait(false);
        _cache[organizationId] = (settings, now);
        return settings;
    }

    /// <summary>The stored settings and their version (0 when never set), uncached: for read-modify-write.</summary>
    public async Task<(AlertSettings Settings, long Version)> ReadAsync(string organizationId, CancellationToken ct)
    {
        var row = await store.GetOrganizationSettingAsync(organizationId, AlertSettings.Name, ct).ConfigureAwait(false);
        return row is null ? (AlertSettings.None, 0) : (Parse(row), row.Version);
    }

    /// <summary>Writes the settings if they are still at <paramref name="readVersion"/>; false when someone changed them meanwhile.</summary>
    public async Task<bool> TryWriteAsync(string organizationId, AlertSettings settings, AlertSettings current, long readVersion, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var audit = Audit.AuditTrail.ForSetting(organizationId, AlertSettings.Name, readVersion == 0 ? null : AuditFields(current), AuditFields(settings), now);
        var row = new OrganizationSetting
        {
            OrganizationId = organizationId,
            Name = AlertSettings.Name,
            Json = JsonSerializer.Serialize(settings, GrainContext.RecordJson),
            Version = readVersion + 1,
            UpdatedAt = now,
        };
        if (await store.PutOrganizationSettingAsync(row, audit, ct).ConfigureAwait(false) != CommitStatus.Committed) return false;
        _cache[organizationId] = (settings, now);
        LogChanged(organizationId, settings.UpdatedBy, string.Join(", ", settings.Destinations().Select(d => d.Label)),
            string.Join(", ", settings.BudgetAlertThresholds));
        return true;
    }

    private static AlertSettings Parse(OrganizationSetting row) =>
        JsonSerializer.Deserialize<AlertSettings>(row.Json, GrainContext.RecordJson)
        ?? throw new InvalidOperationException($"The stored alert settings of organization '{row.OrganizationId}' are empty.");

    // Never the URLs: they are secrets. The destinations are named by channel.
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Alert settings of organization {OrganizationId} changed by {Caller}: destinations [{Destinations}], thresholds [{Thresholds}].")]
    private partial void LogChanged(string organizationId, string? caller, string destinations, string thresholds);

    /// <summary>The settings as the audit log compares them (every field but the change stamp) and shows them (URLs masked).</summary>
    private static (JsonObject Stored, JsonObject Shown) AuditFields(AlertSettings settings)
    {
        var unstamped = settings with { UpdatedBy = null, UpdatedAt = null };
        return (Fields(unstamped), Fields(unstamped.Masked()));
    }

    private static JsonObject Fields(AlertSettings settings) => JsonSerializer.SerializeToNode(settings, GrainContext.RecordJson)!.AsObject();
}

using System.Text.Json;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// The keys and teams a report names, read once each: their aliases for the breakdowns, a key's organization
/// for the rows a caller may see. Objects deleted since read as null; their history stays in the report.
/// </summary>
internal sealed class ReportDirectory(SiloRuntime runtime)
{
    private readonly Dictionary<string, KeyRecord?> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TeamRecord?> _teams = new(StringComparer.Ordinal);

    /// <summary>The key, or null when it no longer exists.</summary>
    public async Task<KeyRecord?> KeyAsync(string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var key)) _keys[keyId] = key = await ReadAsync<KeyRecord>(EntityKind.Key, keyId);
        return key;
    }

    /// <summary>The team, or null when it no longer exists.</summary>
    public async Task<TeamRecord?> TeamAsync(string teamId)
    {
        if (!_teams.TryGetValue(teamId, out var team)) _teams[teamId] = team = await ReadAsync<TeamRecord>(EntityKind.Team, teamId);
        return team;
    }

    private async Task<T?> ReadAsync<T>(EntityKind kind, string id) where T : EntityRecord =>
        await runtime.Store.GetAsync(kind, id) is { } row ? JsonSerializer.Deserialize<T>(row.Json, GrainContext.RecordJson) : null;
}

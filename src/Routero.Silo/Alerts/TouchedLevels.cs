using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// The levels whose spend changed in the batches of one evaluation pass, each once, in the order first seen: many
/// requests of one level in a busy second cost one evaluation, with the latest spend.
/// </summary>
internal sealed class TouchedLevels
{
    private readonly Dictionary<(EntityKind Kind, string Id), TouchedLevel> _levels = [];
    private readonly List<TouchedLevel> _order = [];

    /// <summary>Levels gathered.</summary>
    public int Count => _order.Count;

    /// <summary>The levels, first seen first.</summary>
    public IReadOnlyList<TouchedLevel> InOrder => _order;

    /// <summary>Adds a batch's levels: every level its records name, and every level whose counters it wrote.</summary>
    public void Add(SpendBatch batch, DateTimeOffset now)
    {
        foreach (var counter in batch.Counters)
        {
            // A key's model pins keep counters under "keyId/model": they are limits of the key, not levels of their own.
            if (counter.Kind == EntityKind.Key && counter.Id.Contains('/')) continue;
            var level = Touch(counter.Kind, counter.Id, now);
            level.Counter = counter;
        }
        // The levels a record counts toward: its key always, then its user, team, organization and customer when it
        // names them (the daily rows' levels).
        var customers = new DailySpendRow.CustomerLevelIdMemo();
        foreach (var record in batch.Records)
        {
            TouchFor(record, EntityKind.Key, record.KeyId);
            if (record.UserId is { } user) TouchFor(record, EntityKind.User, user);
            if (record.TeamId is { } team) TouchFor(record, EntityKind.Team, team);
            if (record.OrganizationId is { } organization) TouchFor(record, EntityKind.Organization, organization);
            if (record.CustomerId is { } customer) TouchFor(record, EntityKind.Customer, customers.For(record.OrganizationId, customer));
        }
    }

    private void TouchFor(SpendRecord record, EntityKind kind, string id)
    {
        var level = Touch(kind, id, record.Timestamp);
        if (record.Timestamp > level.At) level.At = record.Timestamp;
        level.OrganizationHint ??= record.OrganizationId;
    }

    private TouchedLevel Touch(EntityKind kind, string id, DateTimeOffset at)
    {
        if (_levels.TryGetValue((kind, id), out var level)) return level;
        level = new TouchedLevel(kind, id) { At = at };
        _levels[(kind, id)] = level;
        _order.Add(level);
        return level;
    }
}

/// <summary>One level whose spend changed.</summary>
internal sealed class TouchedLevel(EntityKind kind, string id)
{
    /// <summary>The level's kind.</summary>
    public EntityKind Kind { get; } = kind;

    /// <summary>The level's id (customers: <c>"{organization}|{customer}"</c>).</summary>
    public string Id { get; } = id;

    /// <summary>When its latest spend settled: the budget window is the one containing this instant.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Its latest counters, when the batch wrote them (embedded silos).</summary>
    public BudgetCounter? Counter { get; set; }

    /// <summary>The organization of the spend records, for levels that name none themselves (users outside one).</summary>
    public string? OrganizationHint { get; set; }
}

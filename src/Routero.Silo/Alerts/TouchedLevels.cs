using System.Runtime.InteropServices;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// The levels whose spend changed in the batches of one evaluation pass, each once, in the order first seen: many
/// requests of one level in a busy second cost one evaluation, with the latest spend.
/// </summary>
/// <remarks>
/// One instance serves every pass (<see cref="Clear"/> between them), and a level is a value in its list, not an
/// object: a pass lives a fifth of a second and more (the evaluator's delay, then one await per level), long enough
/// for what it allocates to be promoted, and with traffic spread over many levels that was one object per level per
/// pass, plus the dictionary's arrays at every resize, dying in generation 2 (bench/RESULTS.md, 2026-12-07).
/// </remarks>
internal sealed class TouchedLevels
{
    // Past this many levels, a pass that used less than an eighth of the capacity gives the rest back.
    private const int KeptCapacity = 4096;

    private readonly Dictionary<(EntityKind Kind, string Id), int> _index = [];
    private readonly List<TouchedLevel> _order = [];

    /// <summary>Levels gathered.</summary>
    public int Count => _order.Count;

    /// <summary>The level at <paramref name="index"/>, first seen first.</summary>
    public TouchedLevel this[int index] => _order[index];

    /// <summary>Forgets the pass's levels, keeping the room they took unless that was far more than this pass used.</summary>
    public void Clear()
    {
        var used = _order.Count;
        _index.Clear();
        _order.Clear();
        if (_order.Capacity <= KeptCapacity || used >= _order.Capacity / 8) return;
        _order.Capacity = Math.Max(used, KeptCapacity);
        _index.TrimExcess(Math.Max(used, KeptCapacity));
    }

    /// <summary>Adds a batch's levels: every level its records name, and every level whose counters it wrote.</summary>
    public void Add(SpendBatch batch, DateTimeOffset now)
    {
        foreach (var counter in batch.Counters)
        {
            // A key's model pins keep counters under "keyId/model": they are limits of the key, not levels of their own.
            if (counter.Kind == EntityKind.Key && counter.Id.Contains('/')) continue;
            Touch(counter.Kind, counter.Id, now).Counter = counter;
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
        ref var level = ref Touch(kind, id, record.Timestamp);
        if (record.Timestamp > level.At) level.At = record.Timestamp;
        level.OrganizationHint ??= record.OrganizationId;
    }

    // The level's entry, added when first seen. The reference is good until the next Touch (which may grow the list).
    private ref TouchedLevel Touch(EntityKind kind, string id, DateTimeOffset at)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, (kind, id), out var exists);
        if (!exists)
        {
            index = _order.Count;
            _order.Add(new TouchedLevel(kind, id) { At = at });
        }
        return ref CollectionsMarshal.AsSpan(_order)[index];
    }
}

/// <summary>One level whose spend changed.</summary>
internal struct TouchedLevel(EntityKind kind, string id)
{
    /// <summary>The level's kind.</summary>
    public readonly EntityKind Kind { get; } = kind;

    /// <summary>The level's id (customers: <c>"{organization}|{customer}"</c>).</summary>
    public readonly string Id { get; } = id;

    /// <summary>When its latest spend settled: the budget window is the one containing this instant.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Its latest counters, when the batch wrote them (embedded silos).</summary>
    public BudgetCounter? Counter { get; set; }

    /// <summary>The organization of the spend records, for levels that name none themselves (users outside one).</summary>
    public string? OrganizationHint { get; set; }
}

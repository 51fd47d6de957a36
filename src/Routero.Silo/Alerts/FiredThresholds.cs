using Routero.Tenancy;

namespace Routero.Alerts;

/// <summary>
/// This silo's memory of the thresholds already alerted (by it or, as a lost claim showed, by another silo), so a
/// level past its thresholds costs no storage round trip per batch. Only an optimisation: the claim in storage decides.
/// Used by the evaluator's single loop only.
/// </summary>
internal sealed class FiredThresholds(int maxLevels = 100_000)
{
    private readonly Dictionary<(EntityKind Kind, string Id), HashSet<(long WindowTicks, string Threshold)>> _fired = [];

    /// <summary>True when the threshold of this level and window is known to be alerted.</summary>
    public bool Contains(EntityKind kind, string id, long windowTicks, string threshold) =>
        _fired.TryGetValue((kind, id), out var set) && set.Contains((windowTicks, threshold));

    /// <summary>Remembers an alerted threshold, forgetting the level's older windows (a lifetime window, 0, is kept).</summary>
    public void Add(EntityKind kind, string id, long windowTicks, string threshold)
    {
        if (!_fired.TryGetValue((kind, id), out var set))
        {
            // Bounded: past the limit start over; the claims in storage still keep every alert to one.
            if (_fired.Count >= maxLevels) _fired.Clear();
            _fired[(kind, id)] = set = [];
        }
        set.RemoveWhere(f => f.WindowTicks != 0 && f.WindowTicks < windowTicks);
        set.Add((windowTicks, threshold));
    }
}

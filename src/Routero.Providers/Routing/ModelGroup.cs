using Routero.Pricing;

namespace Routero.Routing;

/// <summary>
/// A model alias (<c>smart/balanced</c>) and the deployments that serve it. Admission prices a request at
/// the group's dearest deployment and its smallest output limit, so whichever deployment serves it, the
/// reservation covers the cost.
/// </summary>
public sealed class ModelGroup
{
    private int _next;

    /// <summary>Creates the group.</summary>
    public ModelGroup(string alias, IReadOnlyList<Deployment> deployments)
    {
        Alias = alias;
        Deployments = deployments;
        ReservationPrice = new ModelPrice(
            deployments.Max(d => d.Price.InputNanosPerToken),
            deployments.Max(d => d.Price.OutputNanosPerToken),
            deployments.Min(d => d.Price.MaxOutputTokens));
    }

    /// <summary>The alias clients name.</summary>
    public string Alias { get; }

    /// <summary>The deployments, in configured order.</summary>
    public IReadOnlyList<Deployment> Deployments { get; }

    /// <summary>The price admission reserves at.</summary>
    public ModelPrice ReservationPrice { get; }

    /// <summary>
    /// Fills <paramref name="order"/> with the deployments to try, in order: round-robin over those that
    /// are not cooling down (and are in <paramref name="region"/>, when given), then the cooling ones as a
    /// last resort. Returns how many were written.
    /// </summary>
    public int PlanAttempts(string? region, long now, Span<Deployment?> order)
    {
        var n = Deployments.Count;
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)n);
        var count = 0;
        for (var pass = 0; pass < 2; pass++)
            for (var i = 0; i < n && count < order.Length; i++)
            {
                var d = Deployments[(start + i) % n];
                if (region is not null && !string.Equals(d.Region, region, StringComparison.OrdinalIgnoreCase)) continue;
                if (d.IsCooling(now) == (pass == 0)) continue;
                order[count++] = d;
            }
        return count;
    }
}

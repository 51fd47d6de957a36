namespace Routero.Clustering;

/// <summary>This silo's identity in the cluster, and how many silos are alive (refreshed by the heartbeat).</summary>
public sealed class ClusterIdentity(string siloId, string name, string? address)
{
    private int _liveSilos = 1;

    /// <summary>Unique per process start.</summary>
    public string SiloId { get; } = siloId;

    /// <summary>Operator-facing name (the pod name in Kubernetes).</summary>
    public string Name { get; } = name;

    /// <summary>Where other silos or operators can reach this silo.</summary>
    public string? Address { get; } = address;

    private long _renewedUntil;
    private long _generation;

    /// <summary>Until when every lease of this silo is certainly renewed (ticks), by an unbroken chain of heartbeats.</summary>
    public long RenewedUntilTicks => Volatile.Read(ref _renewedUntil);

    /// <summary>Grows when the heartbeat chain broke (a beat came after the leases could have expired).</summary>
    public long LeaseGeneration => Volatile.Read(ref _generation);

    /// <summary>Records a successful heartbeat that started at <paramref name="startedTicks"/>.</summary>
    internal void Renewed(long startedTicks, long validForTicks, bool chainBroken = false)
    {
        // A beat that starts after the last renewal ran out cannot vouch for leases a sweeper may already have taken.
        if (chainBroken || startedTicks >= RenewedUntilTicks) Interlocked.Increment(ref _generation);
        Volatile.Write(ref _renewedUntil, startedTicks + validForTicks);
    }

    /// <summary>Silos alive at the last heartbeat (at least 1).</summary>
    public int LiveSilos
    {
        get => Volatile.Read(ref _liveSilos);
        internal set => Volatile.Write(ref _liveSilos, Math.Max(1, value));
    }
}

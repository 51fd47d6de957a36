namespace Routero.Clustering;

/// <summary>Cluster settings (section <c>Routero:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>This silo's name (the pod name); defaults to the machine name.</summary>
    public string? SiloName { get; set; }

    /// <summary>Where this silo is reachable, shown in <c>/cluster/silos</c>.</summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>How often a silo heartbeats, renews its leases and sweeps expired ones.</summary>
    public double HeartbeatSeconds { get; set; } = 5;

    /// <summary>A silo silent this long is marked dead.</summary>
    public double DeadAfterSeconds { get; set; } = 20;

    /// <summary>A lease not renewed this long returns to its bucket (a dead silo's unspent quota comes back).</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>How often active grains' versions are compared with storage (the net under the net).</summary>
    public double VersionCheckSeconds { get; set; } = 30;

    /// <summary>How often change notifications are polled for, as a safety net under LISTEN/NOTIFY.</summary>
    public double ChangePollSeconds { get; set; } = 2;

    /// <summary>
    /// A level with no request in flight for this long gives back its leased concurrency slots (and past rate
    /// windows), so that another silo can admit up to the whole limit. 0 keeps them until the grain is deactivated.
    /// </summary>
    public double IdleLeaseReturnSeconds { get; set; } = 5;
}

namespace Routero.Hosting;

/// <summary>How long grains stay activated without use, and how often the host looks for idle ones.</summary>
public sealed record GrainHostOptions
{
    /// <summary>A grain unused this long is deactivated (if it holds no request in flight).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle grains are collected.</summary>
    public TimeSpan CollectionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// In a cluster: a grain unused this long gives back the leases it need not keep (concurrency slots, past rate
    /// windows), so that other silos can have them long before it is deactivated. Null: only at deactivation.
    /// </summary>
    public TimeSpan? IdleLeaseReturn { get; init; }
}

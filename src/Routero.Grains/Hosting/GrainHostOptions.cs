namespace Routero.Hosting;

/// <summary>How long grains stay activated without use, and how often the host looks for idle ones.</summary>
public sealed record GrainHostOptions
{
    /// <summary>A grain unused this long is deactivated (if it holds no request in flight).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle grains are collected.</summary>
    public TimeSpan CollectionInterval { get; init; } = TimeSpan.FromMinutes(1);
}

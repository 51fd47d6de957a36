using Routero.Pricing;

namespace Routero.Routing;

/// <summary>One place a model alias can be served: a provider, the model's name there, a region and a price.</summary>
public sealed class Deployment(string id, ProviderEndpoint provider, string upstreamModel, string? region, ModelPrice price)
{
    private long _coolingUntil;

    /// <summary>Stable id, <c>alias#n</c>.</summary>
    public string Id { get; } = id;
    /// <summary>The provider.</summary>
    public ProviderEndpoint Provider { get; } = provider;
    /// <summary>The model name the provider knows.</summary>
    public string UpstreamModel { get; } = upstreamModel;
    /// <summary>Region tag (e.g. "eu", "us"), if any.</summary>
    public string? Region { get; } = region;
    /// <summary>What calls here cost.</summary>
    public ModelPrice Price { get; } = price;

    /// <summary>True while the deployment rests after a failure.</summary>
    public bool IsCooling(long nowTimestamp) => nowTimestamp < Volatile.Read(ref _coolingUntil);

    /// <summary>Takes the deployment out of rotation until <paramref name="untilTimestamp"/>.</summary>
    public void CoolDown(long untilTimestamp) => Volatile.Write(ref _coolingUntil, untilTimestamp);
}

namespace Routero.Storage;

/// <summary>
/// A named group of an organization's settings (alerting, for one), stored as JSON beside the organization rather
/// than in its record: settings may hold secrets (webhook URLs) that organization answers and change fan-out must
/// never carry, and they change on their own.
/// </summary>
public sealed record OrganizationSetting
{
    /// <summary>The organization.</summary>
    public required string OrganizationId { get; init; }
    /// <summary>Which settings (<c>alerting</c>).</summary>
    public required string Name { get; init; }
    /// <summary>The settings, serialised.</summary>
    public required string Json { get; init; }
    /// <summary>1 when created; one more per replacement.</summary>
    public long Version { get; init; } = 1;
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

namespace Routero.Tenancy;

/// <summary>A level grain seen apart from its record type, for readers outside the request path (the alert evaluator).</summary>
public interface ILevelGrain
{
    /// <summary>
    /// The record as the grain keeps it, or null when the object does not exist. Readable outside the grain's turn: a
    /// change swaps the record whole. In an embedded silo it carries no limits (see <see cref="ReadLimitsAsync"/>).
    /// </summary>
    EntityRecord? Record { get; }

    /// <summary>The record and the limits the grain enforces, as one pair read inside its turn.</summary>
    ValueTask<(EntityRecord? Record, Limits Limits)> ReadLimitsAsync();
}

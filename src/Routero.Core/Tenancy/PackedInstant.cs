namespace Routero.Tenancy;

/// <summary>
/// An instant kept as its clock ticks and its offset in minutes: beside a type's other small fields that is 10 bytes,
/// against a <see cref="DateTimeOffset"/> field's 16 (records, limits and budget accounts are held per grain).
/// </summary>
internal static class PackedInstant
{
    /// <summary>The parts to store.</summary>
    public static (long Ticks, short OffsetMinutes) Pack(DateTimeOffset value) => (value.Ticks, (short)value.TotalOffsetMinutes);

    /// <summary>The instant the parts stand for.</summary>
    public static DateTimeOffset Unpack(long ticks, short offsetMinutes) => new(ticks, Offset(offsetMinutes));

    /// <summary>The offset the minutes stand for.</summary>
    public static TimeSpan Offset(short offsetMinutes) => TimeSpan.FromMinutes(offsetMinutes);
}

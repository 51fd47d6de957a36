using System.Globalization;

namespace Routero.Money;

/// <summary>
/// An exact amount of US dollars, held as whole nanodollars (1e-9 USD).
/// Money never passes through floating point: budgets, reservations and spend add up exactly,
/// and the integer form sums exactly in SQL as well. The range (±9.2 billion USD) covers any tenant.
/// </summary>
public readonly record struct Usd(long Nanos) : IComparable<Usd>
{
    /// <summary>Nanodollars in one dollar.</summary>
    public const long NanosPerDollar = 1_000_000_000;

    /// <summary>Zero dollars.</summary>
    public static readonly Usd Zero = new(0);

    /// <summary>The largest representable amount; stands for "no limit" in arithmetic.</summary>
    public static readonly Usd MaxValue = new(long.MaxValue);

    /// <summary>Converts dollars to the exact nanodollar amount, rounding half away from zero below a nanodollar.</summary>
    public static Usd FromDollars(decimal dollars) =>
        new((long)decimal.Round(dollars * NanosPerDollar, MidpointRounding.AwayFromZero));

    /// <summary>The amount in dollars, exact.</summary>
    public decimal ToDollars() => (decimal)Nanos / NanosPerDollar;

    public static Usd operator +(Usd a, Usd b) => new(checked(a.Nanos + b.Nanos));
    public static Usd operator -(Usd a, Usd b) => new(checked(a.Nanos - b.Nanos));
    public static bool operator <(Usd a, Usd b) => a.Nanos < b.Nanos;
    public static bool operator >(Usd a, Usd b) => a.Nanos > b.Nanos;
    public static bool operator <=(Usd a, Usd b) => a.Nanos <= b.Nanos;
    public static bool operator >=(Usd a, Usd b) => a.Nanos >= b.Nanos;

    /// <summary>The smaller of two amounts.</summary>
    public static Usd Min(Usd a, Usd b) => a.Nanos <= b.Nanos ? a : b;

    /// <summary>The larger of two amounts.</summary>
    public static Usd Max(Usd a, Usd b) => a.Nanos >= b.Nanos ? a : b;

    /// <inheritdoc />
    public int CompareTo(Usd other) => Nanos.CompareTo(other.Nanos);

    /// <inheritdoc />
    public override string ToString() => ToDollars().ToString("0.#########", CultureInfo.InvariantCulture);
}

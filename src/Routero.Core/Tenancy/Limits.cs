using System.Collections.Concurrent;
using Routero.Budgets;
using Routero.Money;

namespace Routero.Tenancy;

/// <summary>
/// The limits every level can carry. Null means "no limit at this level". Money is in dollars here, as the
/// admin API writes it; the runtime converts to exact <see cref="Usd"/>.
/// </summary>
/// <remarks>
/// Every level a silo holds keeps one of these, so the fields are packed: presence is one bit each in
/// <c>_set</c> instead of a nullable wrapper per field, the anchor is its ticks and offset, and the duration's text is
/// the one shared instance of that text. The public surface (and so the stored JSON) is what the properties say.
/// </remarks>
public sealed record Limits
{
    /// <summary>No limits.</summary>
    public static readonly Limits None = new();

    private const byte HasMaxBudget = 1, HasMaxBudgetUsd = 2, HasSoftBudget = 4, HasDuration = 8, HasRpm = 16, HasTpm = 32, HasParallel = 64;
    private const int MaxSharedDurations = 256;
    private const decimal MaxConvertible = 9_000_000_000m;

    // The durations a silo's levels name are a handful ("30d", "1mo"): one instance of each text, not one per level.
    private static readonly ConcurrentDictionary<string, string> SharedDurations = new(StringComparer.Ordinal);

    private decimal _maxBudget;
    private decimal _softBudget;
    private long _maxBudgetNanos;
    private long _anchorTicks;
    private long _tpmLimit;
    private string? _budgetDuration;
    private int _rpmLimit;
    private int _maxParallelRequests;
    private int _durationCount;
    private short _anchorOffsetMinutes;
    private byte _durationUnit;
    private byte _set;

    /// <summary><c>max_budget</c>: dollars per budget window (or ever, without a duration).</summary>
    public decimal? MaxBudget
    {
        get => Has(HasMaxBudget) ? _maxBudget : null;
        // Converted once here: a cluster grain reads the exact amount several times per request. An amount beyond
        // what nanodollars hold is left to MaxBudgetUsd, which throws as it always did, when it is used.
        init
        {
            _maxBudget = value ?? 0;
            var exact = value is { } b && Math.Abs(b) < MaxConvertible;
            _maxBudgetNanos = exact ? Usd.FromDollars(value!.Value).Nanos : 0;
            Set(HasMaxBudget, value is not null);
            Set(HasMaxBudgetUsd, exact);
        }
    }

    /// <summary><c>soft_budget</c>: the alerting threshold, never enforced.</summary>
    public decimal? SoftBudget
    {
        get => Has(HasSoftBudget) ? _softBudget : null;
        init
        {
            _softBudget = value ?? 0;
            Set(HasSoftBudget, value is not null);
        }
    }

    /// <summary><c>budget_duration</c>: how often the budget resets (<c>30d</c>, <c>1mo</c>).</summary>
    public string? BudgetDuration
    {
        get => _budgetDuration;
        // Parsed once here (a with-expression that changes the text parses again), not per request.
        init
        {
            var parsed = Budgets.BudgetDuration.TryParse(value, out var d);
            _budgetDuration = parsed ? Shared(value!) : value;
            (_durationCount, _durationUnit) = parsed ? (d.Count, (byte)d.Unit) : (0, (byte)0);
            Set(HasDuration, parsed);
        }
    }

    /// <summary>When budget windows are counted from (creation, or the last change of the duration).</summary>
    public DateTimeOffset BudgetAnchor
    {
        get => PackedInstant.Unpack(_anchorTicks, _anchorOffsetMinutes);
        init => (_anchorTicks, _anchorOffsetMinutes) = PackedInstant.Pack(value);
    }

    /// <summary><c>rpm_limit</c>: requests per minute.</summary>
    public int? RpmLimit
    {
        get => Has(HasRpm) ? _rpmLimit : null;
        init
        {
            _rpmLimit = value ?? 0;
            Set(HasRpm, value is not null);
        }
    }

    /// <summary><c>tpm_limit</c>: tokens per minute.</summary>
    public long? TpmLimit
    {
        get => Has(HasTpm) ? _tpmLimit : null;
        init
        {
            _tpmLimit = value ?? 0;
            Set(HasTpm, value is not null);
        }
    }

    /// <summary><c>max_parallel_requests</c>: requests in flight at once.</summary>
    public int? MaxParallelRequests
    {
        get => Has(HasParallel) ? _maxParallelRequests : null;
        init
        {
            _maxParallelRequests = value ?? 0;
            Set(HasParallel, value is not null);
        }
    }

    /// <summary>The window limit as exact money.</summary>
    public Usd? MaxBudgetUsd =>
        Has(HasMaxBudgetUsd) ? new Usd(_maxBudgetNanos) : Has(HasMaxBudget) ? Usd.FromDollars(_maxBudget) : null;

    /// <summary>The parsed duration (validated when written).</summary>
    public BudgetDuration? Duration => Has(HasDuration) ? new BudgetDuration(_durationCount, (DurationUnit)_durationUnit) : null;

    private bool Has(byte flag) => (_set & flag) != 0;

    private void Set(byte flag, bool on) => _set = on ? (byte)(_set | flag) : (byte)(_set & ~flag);

    // Bounded, so a caller writing ever new texts cannot grow it: past the bound a text keeps its own instance.
    private static string Shared(string text) =>
        SharedDurations.TryGetValue(text, out var shared) ? shared
        : SharedDurations.Count < MaxSharedDurations ? SharedDurations.GetOrAdd(text, text)
        : text;
}

using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// The daily rows of several levels of one kind over a range of UTC days: the read behind the activity reports,
/// which sum a set of teams (or customers, users, organizations) per day.
/// </summary>
/// <param name="LevelKind">The levels' kind.</param>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
public sealed record DailySpendReportQuery(EntityKind LevelKind, DateOnly From, DateOnly To)
{
    /// <summary>Only these levels; null for every level of the kind (an empty list matches nothing).</summary>
    public IReadOnlyCollection<string>? LevelIds { get; init; }
    /// <summary>
    /// Only levels whose id starts with this text: the customers of one organization are the levels
    /// <c>"{organization}|"</c> starts (<see cref="DailySpendRow.CustomerLevelId"/>).
    /// </summary>
    public string? LevelIdPrefix { get; init; }
    /// <summary>
    /// The least id above every id <see cref="LevelIdPrefix"/> starts, for an index range scan: the prefix with its
    /// last character raised by one (ordinal order, as both stores compare ids).
    /// </summary>
    public string? LevelIdUpperBound => LevelIdPrefix is { Length: > 0 } p ? string.Concat(p.AsSpan(0, p.Length - 1), ((char)(p[^1] + 1)).ToString()) : null;
    /// <summary>Only this model.</summary>
    public string? Model { get; init; }
    /// <summary>Only this key.</summary>
    public string? KeyId { get; init; }
}

/// <summary>Sums of daily rows (or spend records): what a report's totals say.</summary>
public sealed record DailySpendTotals
{
    /// <summary>Nothing counted.</summary>
    public static readonly DailySpendTotals Zero = new();
    /// <summary>Requests counted.</summary>
    public long Requests { get; init; }
    /// <summary>Requests that ended with a 2xx status.</summary>
    public long Successful { get; init; }
    /// <summary>Requests that ended with any other status.</summary>
    public long Failed { get; init; }
    /// <summary>Prompt tokens.</summary>
    public long PromptTokens { get; init; }
    /// <summary>Completion tokens.</summary>
    public long CompletionTokens { get; init; }
    /// <summary>Cost in nanodollars.</summary>
    public long SpendNanos { get; init; }

    /// <summary>The sum of two totals.</summary>
    public DailySpendTotals Plus(DailySpendTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            Requests = Requests + other.Requests,
            Successful = Successful + other.Successful,
            Failed = Failed + other.Failed,
            PromptTokens = PromptTokens + other.PromptTokens,
            CompletionTokens = CompletionTokens + other.CompletionTokens,
            SpendNanos = SpendNanos + other.SpendNanos,
        };
    }

    /// <summary>The totals of one daily row.</summary>
    public static DailySpendTotals Of(DailySpendRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Requests = row.Requests,
            Successful = row.Successful,
            Failed = row.Failed,
            PromptTokens = row.PromptTokens,
            CompletionTokens = row.CompletionTokens,
            SpendNanos = row.SpendNanos,
        };
    }
}

/// <summary>
/// One organization's activity on one UTC day through one team (or through no team), read from the spend log:
/// what billing breaks an organization's day down by. It is exact whatever happened to the team since (moved,
/// deleted), because it counts the records as they were written.
/// </summary>
/// <param name="Day">The UTC day.</param>
/// <param name="TeamId">The team, or null for keys of no team.</param>
/// <param name="Totals">The sums.</param>
public sealed record DailyTeamSpendRow(DateOnly Day, string? TeamId, DailySpendTotals Totals);

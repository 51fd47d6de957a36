using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// One level's activity on one UTC day, for one model through one key: the row that activity reports
/// (<c>/team/daily/activity</c> and the like) read instead of scanning the spend log. Storage keeps these
/// in step with the log: <see cref="IRouteroStore.WriteSpendAsync"/> adds every newly written record to
/// the rows of each level it names in the same transaction that appends it, so a report never counts a
/// record the log lacks, or the reverse.
/// </summary>
public sealed record DailySpendRow
{
    /// <summary>The UTC day of the records' <see cref="SpendRecord.Timestamp"/>.</summary>
    public required DateOnly Day { get; init; }
    /// <summary>The level: <see cref="EntityKind.Key"/>, user, team, organization or customer.</summary>
    public required EntityKind LevelKind { get; init; }
    /// <summary>The level's id; for customers, <see cref="CustomerLevelId"/>.</summary>
    public required string LevelId { get; init; }
    /// <summary>The model (alias) the client asked for.</summary>
    public required string Model { get; init; }
    /// <summary>The key the requests came through.</summary>
    public required string KeyId { get; init; }
    /// <summary>Requests counted.</summary>
    public long Requests { get; init; }
    /// <summary>Requests that ended with a 2xx status.</summary>
    public long Successful { get; init; }
    /// <summary>Requests that ended with any other status.</summary>
    public long Failed { get; init; }
    /// <summary>Prompt tokens, summed.</summary>
    public long PromptTokens { get; init; }
    /// <summary>Completion tokens, summed.</summary>
    public long CompletionTokens { get; init; }
    /// <summary>Cost in nanodollars, summed.</summary>
    public long SpendNanos { get; init; }

    /// <summary>
    /// The level id of a customer: customers are scoped to their organization (<c>""</c> when none), as
    /// their grains and budgets are, so two tenants' customers "alice" are two levels.
    /// </summary>
    public static string CustomerLevelId(string? organizationId, string customerId) => $"{organizationId}|{customerId}";

    /// <summary>
    /// Builds customer level ids (<see cref="CustomerLevelId"/>) and remembers the last one: a batch's records mostly
    /// come from one tenant's customer, so a batch builds the id once instead of once per record.
    /// </summary>
    public struct CustomerLevelIdMemo
    {
        private string? _organizationId, _customerId, _levelId;

        /// <summary>The level id of <paramref name="customerId"/> in <paramref name="organizationId"/>.</summary>
        public string For(string? organizationId, string customerId)
        {
            if (_levelId is null || !string.Equals(_customerId, customerId, StringComparison.Ordinal)
                || !string.Equals(_organizationId, organizationId, StringComparison.Ordinal))
                (_organizationId, _customerId, _levelId) = (organizationId, customerId, CustomerLevelId(organizationId, customerId));
            return _levelId;
        }
    }

    /// <summary>Whether a request with this HTTP status counts as successful (2xx).</summary>
    public static bool IsSuccess(int status) => status is >= 200 and <= 299;
}

/// <summary>The daily rows of one level over a range of UTC days, optionally narrowed to one model or key.</summary>
/// <param name="LevelKind">The level's kind.</param>
/// <param name="LevelId">The level's id (for customers, <see cref="DailySpendRow.CustomerLevelId"/>).</param>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
public sealed record DailySpendQuery(EntityKind LevelKind, string LevelId, DateOnly From, DateOnly To)
{
    /// <summary>Only this model.</summary>
    public string? Model { get; init; }
    /// <summary>Only this key.</summary>
    public string? KeyId { get; init; }
}

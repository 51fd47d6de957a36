using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Reports;

/// <summary>
/// The levels one activity report covers, as storage queries without their days (one per organization for
/// customers, who are found by their organization's prefix), how the report names a level in its
/// <c>entities</c> breakdown, and, for a user report another organization's admin reads, which keys' rows count.
/// </summary>
internal sealed record ActivitySelection(EntityKind Kind, IReadOnlyList<DailySpendReportQuery> Queries)
{
    /// <summary>A selection that matches nothing (the caller may see none of the levels asked for).</summary>
    public static ActivitySelection None(EntityKind kind) => new(kind, []);

    /// <summary>Every level of the kind.</summary>
    public static ActivitySelection All(EntityKind kind) => new(kind, [Template(kind)]);

    /// <summary>These levels (none: nothing).</summary>
    public static ActivitySelection Ids(EntityKind kind, IReadOnlyCollection<string> ids) =>
        ids.Count == 0 ? None(kind) : new(kind, [Template(kind) with { LevelIds = ids }]);

    /// <summary>The levels whose ids start with one of the prefixes (customers of these organizations).</summary>
    public static ActivitySelection Prefixes(EntityKind kind, IEnumerable<string> prefixes) =>
        new(kind, [.. prefixes.Select(p => Template(kind) with { LevelIdPrefix = p })]);

    /// <summary>When set, only rows of keys this admits count (a user's keys in the organizations the caller reads).</summary>
    public Func<string, Task<bool>>? KeyAdmits { get; init; }

    /// <summary>The name of a level in the <c>entities</c> breakdown: customers by their own id, as the API knows them.</summary>
    public string EntityName(string levelId) => Admin.AdminStore.ShownId(Kind, levelId);

    /// <summary>The selection with the model and key filters applied to every query.</summary>
    public ActivitySelection Narrowed(string? model, string? keyId) =>
        this with { Queries = [.. Queries.Select(q => q with { Model = model, KeyId = keyId })] };

    private static DailySpendReportQuery Template(EntityKind kind) => new(kind, DateOnly.MinValue, DateOnly.MinValue);
}

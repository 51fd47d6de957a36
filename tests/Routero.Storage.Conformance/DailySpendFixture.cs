using Routero.Tenancy;

namespace Routero.Storage.Conformance;

/// <summary>
/// Spend records that exercise every level, both sides of UTC midnight and both outcomes, and the queries
/// that read their daily rows: for backend tests that compare two ways of building the rows (a migration's
/// backfill against the group commit).
/// </summary>
public static class DailySpendFixture
{
    /// <summary>The records, around the UTC day of <paramref name="t0"/> and the next.</summary>
    public static SpendRecord[] Records(DateTimeOffset t0)
    {
        var midnight = new DateTimeOffset(t0.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var all = new SpendRecord
        {
            RequestId = "a", Timestamp = t0, KeyId = "key-1", UserId = "user-1", TeamId = "team-1", OrganizationId = "org-1",
            CustomerId = "cust-1", Model = "m1", CallType = "chat", PromptTokens = 3, CompletionTokens = 5, SpendNanos = 7, Status = 200,
        };
        return
        [
            all,
            all with { RequestId = "b", Timestamp = midnight.AddTicks(-1), Status = 503, SpendNanos = 5_000_000_000_000 },
            all with { RequestId = "c", Timestamp = midnight, KeyId = "key-2", Model = "m2" },
            all with { RequestId = "d", Timestamp = midnight.ToOffset(TimeSpan.FromHours(2)).AddHours(-1), OrganizationId = null, CustomerId = "cust-2" },
            all with { RequestId = "e", UserId = null, TeamId = null, OrganizationId = null, CustomerId = null, Status = 299 },
        ];
    }

    /// <summary>One query per level the records name, over both days.</summary>
    public static IEnumerable<DailySpendQuery> Queries(DateTimeOffset t0)
    {
        var day = DateOnly.FromDateTime(t0.UtcDateTime);
        (EntityKind, string)[] levels =
        [
            (EntityKind.Key, "key-1"), (EntityKind.Key, "key-2"), (EntityKind.User, "user-1"), (EntityKind.Team, "team-1"),
            (EntityKind.Organization, "org-1"), (EntityKind.Customer, "org-1|cust-1"), (EntityKind.Customer, "|cust-2"),
        ];
        return levels.Select(l => new DailySpendQuery(l.Item1, l.Item2, day, day.AddDays(1)));
    }
}

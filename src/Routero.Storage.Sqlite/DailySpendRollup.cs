using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

/// <summary>Sums a batch's new records into daily rows, so the batch writes each row it touches once.</summary>
internal static class DailySpendRollup
{
    public static IReadOnlyCollection<DailySpendRow> Sum(IEnumerable<SpendRecord> records)
    {
        var rows = new Dictionary<(EntityKind, string, DateOnly, string, string), DailySpendRow>();
        foreach (var record in records)
        {
            var day = DateOnly.FromDateTime(record.Timestamp.UtcDateTime);
            var success = DailySpendRow.IsSuccess(record.Status) ? 1 : 0;
            foreach (var (kind, id) in DailySpendRow.LevelsOf(record))
            {
                var key = (kind, id, day, record.Model, record.KeyId);
                var row = rows.GetValueOrDefault(key)
                    ?? new DailySpendRow { Day = day, LevelKind = kind, LevelId = id, Model = record.Model, KeyId = record.KeyId };
                rows[key] = row with
                {
                    Requests = row.Requests + 1,
                    Successful = row.Successful + success,
                    Failed = row.Failed + 1 - success,
                    PromptTokens = row.PromptTokens + record.PromptTokens,
                    CompletionTokens = row.CompletionTokens + record.CompletionTokens,
                    SpendNanos = row.SpendNanos + record.SpendNanos,
                };
            }
        }
        return rows.Values;
    }
}

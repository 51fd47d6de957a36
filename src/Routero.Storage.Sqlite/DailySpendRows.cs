using Microsoft.Data.Sqlite;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

/// <summary>The <c>daily_spend</c> row layout: its column list, the additive upsert, reading and binding a row.</summary>
internal static class DailySpendRows
{
    public const string Columns =
        "day, level_kind, level_id, model, key_id, requests, successful, failed, prompt_tokens, completion_tokens, spend_nanos";

    // Additive: a row holds the sum of every batch that touched it, each batch having summed its own records.
    public const string UpsertSql = $"""
        INSERT INTO daily_spend ({Columns})
        VALUES ($day, $kind, $id, $model, $key, $requests, $successful, $failed, $prompt, $completion, $spend)
        ON CONFLICT (level_kind, level_id, day, model, key_id) DO UPDATE SET
            requests = requests + excluded.requests, successful = successful + excluded.successful,
            failed = failed + excluded.failed, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
            completion_tokens = completion_tokens + excluded.completion_tokens, spend_nanos = spend_nanos + excluded.spend_nanos;
        """;

    public static DailySpendRow Read(SqliteDataReader r) => new()
    {
        Day = SqlValues.FromDay(r.GetInt32(0)),
        LevelKind = (EntityKind)r.GetInt32(1),
        LevelId = r.GetString(2),
        Model = r.GetString(3),
        KeyId = r.GetString(4),
        Requests = r.GetInt64(5),
        Successful = r.GetInt64(6),
        Failed = r.GetInt64(7),
        PromptTokens = r.GetInt64(8),
        CompletionTokens = r.GetInt64(9),
        SpendNanos = r.GetInt64(10),
    };

    /// <summary>The upsert's parameters, in the order <see cref="Bind"/> binds them.</summary>
    public static readonly string[] ParameterNames =
        ["$day", "$kind", "$id", "$model", "$key", "$requests", "$successful", "$failed", "$prompt", "$completion", "$spend"];

    /// <summary>Binds one row's batch totals to the upsert, prepared with <see cref="ParameterNames"/>.</summary>
    public static void Bind(RawStatement upsert, DailySpendRollup.RowKey row, in DailySpendRollup.Totals totals)
    {
        upsert.Bind(0, SqlValues.ToDay(row.Day));
        upsert.Bind(1, (int)row.Kind);
        upsert.Bind(2, row.Id);
        upsert.Bind(3, row.Model);
        upsert.Bind(4, row.KeyId);
        upsert.Bind(5, totals.Requests);
        upsert.Bind(6, totals.Successful);
        upsert.Bind(7, totals.Failed);
        upsert.Bind(8, totals.PromptTokens);
        upsert.Bind(9, totals.CompletionTokens);
        upsert.Bind(10, totals.SpendNanos);
    }
}

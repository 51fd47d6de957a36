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

    /// <summary>Declares the upsert's parameters once, so one prepared command serves every row.</summary>
    public static void Declare(SqliteCommand command)
    {
        foreach (var name in (ReadOnlySpan<string>)["$day", "$kind", "$id", "$model", "$key", "$requests", "$successful", "$failed", "$prompt", "$completion", "$spend"])
        {
            command.Parameters.Add(name, null);
        }
    }

    /// <summary>Binds one row's batch totals to a command <see cref="Declare"/>d before.</summary>
    public static void Bind(SqliteCommand command, DailySpendRollup.RowKey row, DailySpendRollup.Totals totals)
    {
        var p = command.Parameters;
        p[0].Value = SqlValues.ToDay(row.Day);
        p[1].Value = (int)row.Kind;
        p[2].Value = row.Id;
        p[3].Value = row.Model;
        p[4].Value = row.KeyId;
        p[5].Value = totals.Requests;
        p[6].Value = totals.Successful;
        p[7].Value = totals.Failed;
        p[8].Value = totals.PromptTokens;
        p[9].Value = totals.CompletionTokens;
        p[10].Value = totals.SpendNanos;
    }
}

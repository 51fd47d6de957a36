using Npgsql;
using Routero.Tenancy;

namespace Routero.Storage.Postgres;

/// <summary>The <c>daily_spend</c> row layout: its column list and reading a row.</summary>
internal static class DailySpendRows
{
    public const string Columns =
        "day, level_kind, level_id, model, key_id, requests, successful, failed, prompt_tokens, completion_tokens, spend_nanos";

    public static DailySpendRow Read(NpgsqlDataReader r) => new()
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
}

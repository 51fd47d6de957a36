using System.Runtime.InteropServices;
using Routero.Tenancy;

namespace Routero.Storage.Sqlite;

/// <summary>
/// Sums a batch's new records into daily rows, so the batch writes each row it touches once. The totals are
/// structs updated in place in a dictionary the store keeps across batches (cleared, not reallocated): a batch
/// allocates no totals and, once the dictionary has grown to the silo's usual batch, no table either.
/// </summary>
internal static class DailySpendRollup
{
    /// <summary>A daily row's identity: level, day, model and key.</summary>
    public readonly record struct RowKey(EntityKind Kind, string Id, DateOnly Day, string Model, string KeyId);

    /// <summary>What the batch adds to one daily row.</summary>
    public struct Totals
    {
        public long Requests, Successful, Failed, PromptTokens, CompletionTokens, SpendNanos;
    }

    /// <summary>Sums <paramref name="records"/> into <paramref name="rows"/> (empty: the caller clears it after each batch), one entry per daily row touched.</summary>
    public static void Sum(List<SpendRecord> records, Dictionary<RowKey, Totals> rows)
    {
        var customers = new DailySpendRow.CustomerLevelIdMemo();
        foreach (var record in records)
        {
            var day = DateOnly.FromDateTime(record.Timestamp.UtcDateTime);
            var success = DailySpendRow.IsSuccess(record.Status) ? 1 : 0;
            Add(rows, new(EntityKind.Key, record.KeyId, day, record.Model, record.KeyId), record, success);
            if (record.UserId is { } user) Add(rows, new(EntityKind.User, user, day, record.Model, record.KeyId), record, success);
            if (record.TeamId is { } team) Add(rows, new(EntityKind.Team, team, day, record.Model, record.KeyId), record, success);
            if (record.OrganizationId is { } org) Add(rows, new(EntityKind.Organization, org, day, record.Model, record.KeyId), record, success);
            if (record.CustomerId is { } customer)
                Add(rows, new(EntityKind.Customer, customers.For(record.OrganizationId, customer), day, record.Model, record.KeyId), record, success);
        }
    }

    private static void Add(Dictionary<RowKey, Totals> rows, RowKey key, SpendRecord record, int success)
    {
        ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(rows, key, out _);
        totals.Requests++;
        totals.Successful += success;
        totals.Failed += 1 - success;
        totals.PromptTokens += record.PromptTokens;
        totals.CompletionTokens += record.CompletionTokens;
        totals.SpendNanos += record.SpendNanos;
    }
}

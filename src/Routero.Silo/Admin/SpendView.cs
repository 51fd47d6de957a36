using System.Text.Json.Nodes;
using Routero.Hosting;
using Routero.Money;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// The <c>spend</c> (current budget window, dollars) and <c>budget_reset_at</c> of info answers: live from the
/// object's grain when it is active here, else from the persisted budget counters.
/// </summary>
internal static class SpendView
{
    /// <summary>Adds <c>spend</c>, <c>lifetime_spend</c> and <c>budget_reset_at</c> to a row.</summary>
    public static async Task AddAsync(JsonObject row, SiloRuntime runtime, EntityKind kind, string id, Limits limits)
    {
        var now = runtime.Time.GetUtcNow();
        var duration = limits.Duration;
        var windowStart = duration?.WindowStart(limits.BudgetAnchor, now);
        var resetAt = windowStart is { } start ? duration!.Value.AddTo(start) : (DateTimeOffset?)null;
        Usd window, lifetime;
        if (runtime.Context.Ledger is not null && Filter(kind, id) is { } filter)
        {
            // In a cluster every silo serves a share: the durable spend log is the one whole answer.
            await SpendReads.FlushAsync(runtime);
            lifetime = new Usd(await runtime.Store.SumSpendAsync(filter));
            window = windowStart is { } from ? new Usd(await runtime.Store.SumSpendAsync(filter with { From = from })) : lifetime;
        }
        else if (Live(runtime, kind, id) is { } live)
        {
            // The grain rolls its window on the next request; an ended window has no spend in it.
            var ended = live.ResetAt is { } end && end <= now;
            (window, lifetime) = (ended ? Usd.Zero : live.Window, live.Lifetime);
            if (!ended && live.ResetAt is not null) resetAt = live.ResetAt;
        }
        else
        {
            // Counters of a recent deactivation may still be queued: make them durable before reading.
            await SpendReads.FlushAsync(runtime);
            var counter = await runtime.Store.GetCounterAsync(kind, id);
            var stale = counter is { } read && windowStart is { } current && read.WindowStart < current;
            window = counter is not { } inWindow || stale ? Usd.Zero : new Usd(inWindow.WindowSpentNanos);
            lifetime = counter is { } life ? new Usd(life.LifetimeSpentNanos) : Usd.Zero;
        }
        row["spend"] = window.ToDollars();
        row["lifetime_spend"] = lifetime.ToDollars();
        row["budget_reset_at"] = resetAt;
    }

    /// <summary>The spend-log filter of a level (customers are stored as "org|customer").</summary>
    internal static Storage.SpendQuery? Filter(EntityKind kind, string id) => kind switch
    {
        EntityKind.Organization => new() { OrganizationId = id },
        EntityKind.Team => new() { TeamId = id },
        EntityKind.User => new() { UserId = id },
        EntityKind.Key => new() { KeyId = id },
        EntityKind.Customer when id.IndexOf(CustomerGrain.Separator) is var at and >= 0 =>
            new() { OrganizationId = at == 0 ? null : id[..at], CustomerId = id[(at + 1)..] },
        _ => null,
    };

    private static (Usd Window, Usd Lifetime, DateTimeOffset? ResetAt)? Live(SiloRuntime runtime, EntityKind kind, string id) => kind switch
    {
        EntityKind.Organization => runtime.Host.Peek<OrganizationGrain>(id)?.Spend,
        EntityKind.Team => runtime.Host.Peek<TeamGrain>(id)?.Spend,
        EntityKind.User => runtime.Host.Peek<UserGrain>(id)?.Spend,
        EntityKind.Customer => runtime.Host.Peek<CustomerGrain>(id)?.Spend,
        EntityKind.Key => runtime.Host.Peek<KeyGrain>(id)?.Spend,
        _ => null,
    };
}

using Routero.Accounting;
using Routero.Hosting;
using Routero.Keys;
using Routero.Routing;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Hosting;

/// <summary>
/// The live parts of one silo, created at start-up: storage, the grain host and its context, the key index,
/// the model catalog. The relay and the admin facade both work through it.
/// </summary>
public sealed class SiloRuntime
{
    /// <summary>Assembles the runtime and registers the entity grains.</summary>
    public SiloRuntime(IRouteroStore store, GrainHost host, SpendWriter spend, TimeProvider time, ModelCatalog catalog, TimeSpan rateWindow, string masterKey,
        Quota.IQuotaLedger? ledger = null)
    {
        (Store, Host, Time, Catalog, MasterKey) = (store, host, time, catalog, masterKey);
        Context = new GrainContext(store, time, spend, host, rateWindow, ledger);
        Keys = new KeyIndex(store, time);
        host.Register(id => new OrganizationGrain(id, Context));
        host.Register(id => new TeamGrain(id, Context));
        host.Register(id => new UserGrain(id, Context));
        host.Register(id => new CustomerGrain(id, Context));
        host.Register(id => new KeyGrain(id, Context));
    }

    /// <summary>The system of record.</summary>
    public IRouteroStore Store { get; }
    /// <summary>The grain host.</summary>
    public GrainHost Host { get; }
    /// <summary>Shared grain services.</summary>
    public GrainContext Context { get; }
    /// <summary>Key hash → key id.</summary>
    public KeyIndex Keys { get; }
    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }
    /// <summary>Model aliases.</summary>
    public ModelCatalog Catalog { get; }
    /// <summary>The spend writer.</summary>
    public SpendWriter Spend => Context.Spend;

    internal string MasterKey { get; }

    /// <summary>Announces changes to the other silos of a cluster (set in cluster mode).</summary>
    public Changes.ChangeFeed? Changes { get; set; }

    /// <summary>
    /// Makes a committed change visible: the object's grain (if active here) re-reads it, every key policy
    /// snapshot it affects is invalidated, and in a cluster the other silos are told. Admin actions await this,
    /// so the very next request, on any silo, sees the change.
    /// </summary>
    public async Task RefreshAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        await RefreshLocalAsync(kind, id, ct).ConfigureAwait(false);
        if (Changes is { } feed) await feed.PublishAsync(kind, id, ct).ConfigureAwait(false);
    }

    /// <summary>Applies a change to this silo only (a change another silo announced).</summary>
    public async Task RefreshLocalAsync(EntityKind kind, string id, CancellationToken ct = default)
    {
        switch (kind)
        {
            case EntityKind.Organization: await RefreshGrainAsync<OrganizationGrain, OrganizationRecord>(id, ct).ConfigureAwait(false); break;
            case EntityKind.Team: await RefreshGrainAsync<TeamGrain, TeamRecord>(id, ct).ConfigureAwait(false); break;
            case EntityKind.User: await RefreshGrainAsync<UserGrain, UserRecord>(id, ct).ConfigureAwait(false); break;
            case EntityKind.Customer: await RefreshGrainAsync<CustomerGrain, CustomerRecord>(id, ct).ConfigureAwait(false); break;
            case EntityKind.Key: await RefreshGrainAsync<KeyGrain, KeyRecord>(id, ct).ConfigureAwait(false); break;
        }
        // Customers are not part of key policy snapshots; every other level is.
        if (kind != EntityKind.Customer) Context.BumpPolicyEpoch();
    }

    private async Task RefreshGrainAsync<TGrain, TRecord>(string id, CancellationToken ct)
        where TGrain : LevelGrain<TRecord> where TRecord : EntityRecord
    {
        var grain = await Host.PeekActivatedAsync<TGrain>(id).ConfigureAwait(false);
        if (grain is not null) await grain.RefreshAsync(ct).ConfigureAwait(false);
    }
}

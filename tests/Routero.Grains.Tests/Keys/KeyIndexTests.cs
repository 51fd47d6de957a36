using Routero.Grains.Tests.TestSupport;
using Routero.Keys;
using Routero.Storage;
using Routero.Storage.Sqlite;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Keys;

public sealed class KeyIndexTests : IAsyncLifetime
{
    private static readonly KeyHash Hash = KeyHash.Of("sk-" + Tenants.KeyId);

    private readonly TempDatabase _database = new();
    private readonly FakeTime _time = new(GrainWorld.T0);
    private SqliteStore _sqlite = null!;
    private InstrumentedStore _store = null!;
    private KeyIndex _sut = null!;

    public async Task InitializeAsync()
    {
        _sqlite = _database.Open();
        _store = new InstrumentedStore(_sqlite);
        await _store.MigrateAsync();
        _sut = new KeyIndex(_store, _time);
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        _database.Dispose();
    }

    private async Task InsertKeyAsync()
    {
        var set = new ChangeSet();
        set.Inserts.Add(GrainWorld.Row(Tenants.Key(), 1));
        Assert.Equal(CommitStatus.Committed, (await _store.CommitAsync(set)).Status);
    }

    private async Task DeleteKeyAsync()
    {
        var set = new ChangeSet();
        set.Deletes.Add((EntityKind.Key, Tenants.KeyId));
        Assert.Equal(CommitStatus.Committed, (await _store.CommitAsync(set)).Status);
    }

    [Fact]
    public async Task FindAsync_AKnownHashAfterTheFirstLookup_AnswersFromMemory()
    {
        await InsertKeyAsync();
        Assert.Equal(Tenants.KeyId, await _sut.FindAsync(Hash));

        var again = _sut.FindAsync(Hash);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(Tenants.KeyId, await again);
        Assert.Equal(1, _store.FindCalls);
    }

    [Fact]
    public async Task FindAsync_AnUnknownHash_IsRememberedAsUnknownUntilTheNegativeTtlPasses()
    {
        Assert.Null(await _sut.FindAsync(Hash));
        await InsertKeyAsync();
        _time.Advance(KeyIndex.NegativeTtl - TimeSpan.FromTicks(1));

        var cached = _sut.FindAsync(Hash);
        Assert.True(cached.IsCompletedSuccessfully);
        Assert.Null(await cached);
        Assert.Equal(1, _store.FindCalls);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(Tenants.KeyId, await _sut.FindAsync(Hash));
        Assert.Equal(2, _store.FindCalls);
    }

    [Fact]
    public async Task Remember_AfterTheHashWasCachedAsUnknown_MakesTheKeyVisibleAtOnce()
    {
        Assert.Null(await _sut.FindAsync(Hash));

        _sut.Remember(Hash, Tenants.KeyId);

        Assert.Equal(Tenants.KeyId, await _sut.FindAsync(Hash));
        Assert.Equal(1, _store.FindCalls);
    }

    [Fact]
    public async Task Forget_AKnownHash_SendsTheNextLookupToStorage()
    {
        await InsertKeyAsync();
        Assert.Equal(Tenants.KeyId, await _sut.FindAsync(Hash));
        await DeleteKeyAsync();

        _sut.Forget(Hash);

        Assert.Null(await _sut.FindAsync(Hash));
        Assert.Equal(2, _store.FindCalls);
    }

    [Fact]
    public async Task Forget_WhileALookupIsInFlight_SendsTheNextLookupToStorage()
    {
        await InsertKeyAsync();
        var lookup = _store.HoldNextFind();
        var inFlight = _sut.FindAsync(Hash).AsTask();
        await lookup.Arrived;
        await DeleteKeyAsync();
        _sut.Forget(Hash);
        lookup.Open();
        await inFlight;

        var sut = await _sut.FindAsync(Hash);

        Assert.Null(sut);
        Assert.Equal(2, _store.FindCalls);
    }
}

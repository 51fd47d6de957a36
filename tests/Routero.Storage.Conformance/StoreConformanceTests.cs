using Routero.Tenancy;

namespace Routero.Storage.Conformance;

/// <summary>
/// What every <see cref="IRouteroStore"/> backend must do, as tests: a backend's test project subclasses
/// this and supplies a fresh, empty store per test (xUnit makes one instance per test). Timestamps used
/// here are whole microseconds, the finest precision a backend must keep exactly.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    /// <summary>A fixed instant with sub-millisecond digits, so a backend that rounds to milliseconds fails.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5_358_970);

    private IRouteroStore sut = null!;

    /// <summary>Creates a new store over empty storage; the suite migrates it.</summary>
    protected abstract Task<IRouteroStore> CreateStoreAsync();

    /// <summary>Runs after the store is disposed: remove files, drop databases.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        sut = await CreateStoreAsync();
        await sut.MigrateAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (sut is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        await CleanupAsync();
    }

    /// <summary>A minimal object of <paramref name="kind"/> created <paramref name="minute"/> minutes after <see cref="T0"/>.</summary>
    protected static StoredEntity Entity(EntityKind kind, string id, int minute = 0) => new()
    {
        Kind = kind,
        Id = id,
        Json = $$"""{"id":"{{id}}"}""",
        CreatedAt = T0.AddMinutes(minute),
        UpdatedAt = T0.AddMinutes(minute),
    };

    private Task<CommitResult> CommitAsync(Action<ChangeSet> build)
    {
        var changes = new ChangeSet();
        build(changes);
        return sut.CommitAsync(changes);
    }

    private async Task InsertAsync(params StoredEntity[] entities) =>
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.Inserts.AddRange(entities)));

    private async Task PutMembershipsAsync(params Membership[] memberships) =>
        Assert.Equal(CommitResult.Ok, await CommitAsync(c => c.PutMemberships.AddRange(memberships)));

    private static string[] Ids(Page<StoredEntity> page) => page.Items.Select(e => e.Id).ToArray();
}

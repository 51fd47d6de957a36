using BenchmarkDotNet.Attributes;
using Routero.Benchmarks.Fixtures;
using Routero.Keys;
using Routero.Policy;
using Routero.Tenancy;

namespace Routero.Benchmarks;

/// <summary>
/// Authentication's steps for a known key (what <c>KeyAuthenticator</c> does before its checks): parse the
/// bearer header, SHA-256, key index, key grain, policy snapshot.
/// </summary>
[MemoryDiagnoser]
public class KeyLookupBenchmarks
{
    private Chain _chain = null!;
    private string _header = "";

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _chain = await Chain.CreateAsync();
        _header = "Bearer " + _chain.Key;
        await LookupAsync(); // activates the key grain and builds its policy snapshot
    }

    [GlobalCleanup]
    public async Task CleanUpAsync() => await _chain.DisposeAsync();

    [Benchmark(Description = "bearer → SHA-256")]
    public KeyHash Hash() => KeyHash.Of(VirtualKeys.FromAuthorization(_header));

    [Benchmark(Description = "bearer → hash → index → grain → policy")]
    public async ValueTask<KeyPolicy?> LookupAsync()
    {
        var hash = KeyHash.Of(VirtualKeys.FromAuthorization(_header));
        var id = await _chain.Keys.FindAsync(hash);
        var grain = await _chain.Host.GetAsync<KeyGrain>(id!);
        return await grain.GetPolicyAsync();
    }
}

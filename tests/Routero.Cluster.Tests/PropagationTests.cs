using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Routero.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Routero.Cluster.Tests;

/// <summary>
/// The tests that time how fast an admin change reaches the other silos. They run alone, after the suite's other
/// tests: on a two-core machine another test's three silos running beside them would time CPU starvation, not the
/// change's way from one silo to the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PropagationCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "propagation timing";
}

/// <summary>A key deleted through one silo is refused by the others within a second.</summary>
[Collection(PropagationCollection.Name)]
public sealed class PropagationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KeyDeleted_Through_SiloA_IsRefused_By_B_And_C_WithinOneSecond()
    {
        await using var cluster = await TestCluster.StartAsync();
        var key = await cluster.CreateKeyAsync(new { });
        var (b, c) = (cluster.Silos[1].ClientFor(key), cluster.Silos[2].ClientFor(key));
        foreach (var client in new[] { b, c })
            using (var warm = await client.PostAsJsonAsync("v1/chat/completions", new { model = "test/echo", messages = new[] { new { role = "user", content = "hi" } } }))
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        // Delete another key first, unmeasured: the measured delete then times the propagation, not the
        // first-call compilation of the delete path.
        await TestCluster.AdminAsync(cluster.Silos[0], "/key/delete", new { keys = new[] { await cluster.CreateKeyAsync(new { }) } });

        var clock = Stopwatch.StartNew();
        await TestCluster.AdminAsync(cluster.Silos[0], "/key/delete", new { keys = new[] { key } });
        var answered = clock.Elapsed;
        var refusedAt = new List<TimeSpan>();
        foreach (var client in new[] { b, c })
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                using var response = await client.GetAsync("v1/models");
                if (response.StatusCode == HttpStatusCode.Unauthorized) { refusedAt.Add(clock.Elapsed); break; }
                await Task.Delay(10);
            }
        }

        output.WriteLine($"refused by B after {refusedAt.ElementAtOrDefault(0).TotalMilliseconds:0} ms, by C after {refusedAt.ElementAtOrDefault(1).TotalMilliseconds:0} ms " +
                         $"(silo A answered the delete after {answered.TotalMilliseconds:0} ms)");
        Assert.Equal(2, refusedAt.Count);
        Assert.All(refusedAt, t => Assert.True(t < TimeSpan.FromSeconds(1), $"took {t.TotalMilliseconds:0} ms"));
    }
}

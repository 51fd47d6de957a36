using System.Net;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Relay;

public sealed class BudgetConcurrencyTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private SiloUnderTest Silo => fixture.Silo;

    [Fact]
    public async Task OneThousandConcurrentRequests_AgainstADollarBudget_NeverSpendMoreThanADollar()
    {
        // test/budget: 200 USD per million tokens. A "hi" request costs 8 tokens = $0.0016 and reserves at most
        // 14 tokens = $0.0028 (13-token prompt bound + max_tokens 1), so at least 357 must get through.
        var (_, _, key) = await Silo.CreateTeamKeyAsync(new { max_budget = 1.0 });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
        using var client = new HttpClient(handler) { BaseAddress = Silo.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var calls = Enumerable.Range(0, 1000).Select(async _ =>
        {
            using var response = await Chat.PostAsync(client, Chat.Body("test/budget", "hi", new { max_tokens = 1 }));
            return (response.StatusCode, Code: response.IsSuccessStatusCode ? null : await Chat.ErrorCodeAsync(response));
        }).ToArray();
        var results = await Task.WhenAll(calls);

        var ok = results.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal("budget_exceeded", r.Code));
        var spend = await Chat.SpendOfAsync(Silo, key);
        Assert.Equal(ok, spend.Count);
        var total = spend.Sum(s => s.SpendNanos);
        Assert.True(total <= 1_000_000_000L, $"spent {total} nanodollars of a 1e9 budget");
        Assert.Equal(ok * 1_600_000L, total);
        Assert.True(ok >= 357, $"only {ok} requests were admitted");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Routero.Accounting;
using Routero.Silo.Tests.Infrastructure;
using Routero.Tenancy;

namespace Routero.Silo.Tests.Relay;

/// <summary>
/// Spend that stops committing (another process holds SQLite's write lock, as a backup tool might): requests already
/// running are answered and charged, new ones are refused before they cost anything, and nothing is charged that the
/// client did not get.
/// </summary>
public sealed class SpendStallTests
{
    private static readonly SpendWriterOptions Options = new()
    {
        StallLimit = TimeSpan.FromSeconds(1.5), WaitLimit = TimeSpan.FromSeconds(2.5), JournalBacklogLimit = 8,
    };

    [Theory]
    [InlineData("2")] // the journal: the first 8 answers go out journaled (the backlog bound), the rest wait
    [InlineData("0")] // no journal: every answer waits for its commit
    public async Task StalledSpend_AnswersWhatRan_RefusesWhatWouldRun_AndChargesOnlyWhatWasAnswered(string journalMegabytes)
    {
        await using var silo = await SiloUnderTest.StartAsync(
            s => s["Routero:Storage:SpendJournalMegabytes"] = journalMegabytes,
            services: s => s.AddSingleton(Options));
        var (_, _, key) = await silo.CreateTeamKeyAsync(new { max_budget = 100.0 });
        using var client = silo.ClientFor(key);
        var answered = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        async Task<HttpStatusCode> CallAsync()
        {
            using var response = await Chat.PostAsync(client, Chat.Body("test/echo"));
            var id = response.Headers.GetValues("x-request-id").Single();
            if (response.StatusCode == HttpStatusCode.OK) answered.Add(id);
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
                Assert.Equal("spend_unavailable", await Chat.ErrorCodeAsync(response));
                refused.Add(id);
            }
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await CallAsync());

        using (var blocker = new SqliteConnection($"Data Source={Path.Combine(silo.DataDirectory, "routero.db")};Pooling=False"))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }
            // 40 requests at once while nothing commits: with the journal 8 of them go out at once and the others wait;
            // without it all wait. Past the wait limit the waiting ones are answered too: they ran, and are charged.
            // (A slow machine may admit the last of them after the stall limit: those are refused, and not charged.)
            var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
            {
                var started = Stopwatch.GetTimestamp();
                return (Status: await CallAsync(), Took: Stopwatch.GetElapsedTime(started));
            }));
            Assert.Contains(burst, b => b.Status == HttpStatusCode.OK && b.Took >= Options.WaitLimit - TimeSpan.FromMilliseconds(100));
            Assert.True(burst.Count(b => b.Status == HttpStatusCode.OK) >= 20, $"only {burst.Count(b => b.Status == HttpStatusCode.OK)} of the burst were answered");

            // By now the batch has been unwritten for longer than the stall limit: a new request is refused before it
            // reaches the provider, and the silo reports not ready.
            var upstreamCalls = silo.Upstream.RequestCount;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await CallAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await CallAsync());
            Assert.Equal(upstreamCalls, silo.Upstream.RequestCount);
            using (var ready = await silo.Admin.GetAsync("health/ready"))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            // An admin read of spend waits for every answered request's record, so it is refused too, after the wait
            // limit, rather than hanging until the database comes back.
            using (var logs = await silo.Admin.GetAsync("spend/logs"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, logs.StatusCode);
                Assert.Equal("spend_unavailable", await Chat.ErrorCodeAsync(logs));
            }

            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        // The lock is gone: the batch commits (its retry is at most a second away) and requests are admitted again.
        Assert.True(await Chat.EventuallyAsync(async () =>
        {
            using var ready = await silo.Admin.GetAsync("health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        }));
        Assert.Equal(HttpStatusCode.OK, await CallAsync());

        var records = await Chat.SpendOfAsync(silo, key);
        Assert.Equal(answered.Order(), records.Select(r => r.RequestId).Order());
        Assert.Empty(refused.Intersect(records.Select(r => r.RequestId)));
        Assert.All(records, r => Assert.Equal(200, r.Status));
        var counter = await silo.Runtime.Store.GetCounterAsync(EntityKind.Key, await Chat.KeyIdAsync(silo, key));
        Assert.Equal(records.Sum(r => r.SpendNanos), counter!.Value.LifetimeSpentNanos);
    }

    [Fact]
    public async Task Stopping_WhileTheDatabaseIsLocked_EndsWithinTheStopLimit_AndTheNextStartWritesTheJournaledSpend()
    {
        var options = Options with { StopLimit = TimeSpan.FromSeconds(1) };
        var silo = await SiloUnderTest.StartAsync(services: s => s.AddSingleton(options));
        var data = silo.DataDirectory;
        string key;
        var answered = new List<string>();
        try
        {
            (_, _, key) = await silo.CreateTeamKeyAsync(new { max_budget = 100.0 });
            using var client = silo.ClientFor(key);
            using var blocker = new SqliteConnection($"Data Source={Path.Combine(data, "routero.db")};Pooling=False");
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }
            for (var i = 0; i < 5; i++)
            {
                using var response = await Chat.PostAsync(client, Chat.Body("test/echo"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode); // journaled: answered while nothing commits
                answered.Add(response.Headers.GetValues("x-request-id").Single());
            }
            Assert.Equal(5, silo.Runtime.Spend.UnwrittenRecords);

            // A stop waits for the writer at most the stop limit (the lock would hold it forever), then ends.
            silo.KeepDataOnDispose = true;
            var stopping = Stopwatch.StartNew();
            await silo.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the stop took {stopping.Elapsed}");
            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        // The next start finds the five answers in the journal and writes them before it admits anything.
        await using var restarted = await SiloUnderTest.StartAsync(dataDirectory: data);
        var records = await Chat.SpendOfAsync(restarted, key);
        Assert.Equal(answered.Order(), records.Select(r => r.RequestId).Order());
        var counter = await restarted.Runtime.Store.GetCounterAsync(EntityKind.Key, await Chat.KeyIdAsync(restarted, key));
        Assert.Equal(records.Sum(r => r.SpendNanos), counter!.Value.LifetimeSpentNanos);
    }
}

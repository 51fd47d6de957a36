using System.Net;
using Routero.FakeProvider.Tests.TestSupport;

namespace Routero.FakeProvider.Tests.Models;

public sealed class ModelsTests
{
    [Fact]
    public async Task Models_Get_ListsOneModelPerBehaviour()
    {
        using var timeout = Bounded.Timeout();
        await using var sut = await FakeProviderServer.StartAsync(new());
        using var http = new HttpClient { BaseAddress = sut.BaseAddress };

        using var response = await http.GetAsync("models", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonBodies.ReadAsync(response, timeout.Token);
        Assert.Equal("list", body.GetProperty("object").GetString());
        var models = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(
            ["echo", "tokens-16", "slow-100", "error-400", "error-429", "error-500", "error-503", "flaky", "hang", "cut-3", "no-usage"],
            models.Select(model => model.GetProperty("id").GetString()));
        Assert.All(models, model =>
        {
            Assert.Equal("model", model.GetProperty("object").GetString());
            Assert.Equal("routero-fake", model.GetProperty("owned_by").GetString());
            Assert.Equal(1_704_067_200, model.GetProperty("created").GetInt64());
        });
    }
}

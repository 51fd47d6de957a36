using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Admin;

/// <summary>One silo for the tests of an admin test class; each test makes its own tenants.</summary>
public sealed class AdminSilo : IAsyncLifetime
{
    public SiloUnderTest Silo { get; private set; } = null!;

    public AdminApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloUnderTest.StartAsync();
        Api = new AdminApi(Silo);
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>An admin answer: status and parsed body.</summary>
public sealed record Answer(HttpStatusCode Status, JsonNode? Body, string Text)
{
    public JsonObject Object => Body!.AsObject();

    public JsonArray Array => Body!.AsArray();

    public string? ErrorParam => Body?["error"]?["param"]?.GetValue<string>();

    public string? ErrorType => Body?["error"]?["type"]?.GetValue<string>();

    /// <summary>Asserts 200 and returns itself.</summary>
    public Answer Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Text}");
        return this;
    }

    /// <summary>Asserts an error status and the field it names.</summary>
    public void Fails(HttpStatusCode status, string? param)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Text}");
        Assert.Equal(param, ErrorParam);
    }
}

/// <summary>Calls the admin facade over real HTTP, and sets up tenants in one line.</summary>
public sealed class AdminApi(SiloUnderTest silo)
{
    public SiloUnderTest Silo => silo;

    public Task<Answer> PostAsync(string path, object body, string? organization = null) =>
        SendAsync(HttpMethod.Post, path, Json(body), organization);

    public Task<Answer> GetAsync(string path, string? organization = null) => SendAsync(HttpMethod.Get, path, null, organization);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body, string? organization = null, string? bearer = SiloUnderTest.MasterKey)
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (organization is not null) request.Headers.Add("X-Organization-Id", organization);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), text);
    }

    public static string Json(object body) => body as string ?? JsonSerializer.Serialize(body);

    /// <summary>A fresh, unique id.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public async Task<string> NewOrgAsync(object? fields = null)
    {
        var org = await PostAsync("/organization/new", SiloUnderTest.Merge(new { organization_alias = "org", organization_id = NewId("org") }, fields));
        return org.Ok().Object["organization_id"]!.GetValue<string>();
    }

    public async Task<string> NewTeamAsync(string orgId, object? fields = null)
    {
        var team = await PostAsync("/team/new", SiloUnderTest.Merge(new { team_alias = "team", organization_id = orgId, team_id = NewId("team") }, fields));
        return team.Ok().Object["team_id"]!.GetValue<string>();
    }

    public async Task<string> NewUserAsync(string? orgId, object? fields = null)
    {
        var body = SiloUnderTest.Merge(new { user_id = NewId("user"), auto_create_key = false }, fields);
        if (orgId is not null) body["organization_id"] = orgId;
        return (await PostAsync("/user/new", body)).Ok().Object["user_id"]!.GetValue<string>();
    }

    /// <summary>A key of a new team of a new organization.</summary>
    public async Task<(string OrgId, string TeamId, string Key, string Token)> NewTeamKeyAsync(object? keyFields = null)
    {
        var orgId = await NewOrgAsync();
        var teamId = await NewTeamAsync(orgId);
        var key = (await PostAsync("/key/generate", SiloUnderTest.Merge(new { team_id = teamId }, keyFields))).Ok().Object;
        return (orgId, teamId, key["key"]!.GetValue<string>(), key["token"]!.GetValue<string>());
    }

    /// <summary>What the relay answers the key on <c>GET /v1/models</c>: 200 for a usable key, 401 otherwise.</summary>
    public async Task<HttpStatusCode> ModelsStatusAsync(string key)
    {
        using var client = silo.ClientFor(key);
        using var response = await client.GetAsync("v1/models");
        return response.StatusCode;
    }

    /// <summary>One chat completion with the key; returns its status.</summary>
    public async Task<HttpStatusCode> ChatAsync(string key, string model = "test/echo")
    {
        using var client = silo.ClientFor(key);
        var body = new { model, messages = new[] { new { role = "user", content = "hello there" } } };
        using var response = await client.PostAsync("v1/chat/completions", new StringContent(Json(body), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}

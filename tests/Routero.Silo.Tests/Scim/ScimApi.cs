using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Scim;

/// <summary>A SCIM answer: status, body, and what a SCIM client reads of its headers.</summary>
public sealed record ScimAnswer(HttpStatusCode Status, JsonNode? Body, string Text, string? ContentType, Uri? Location)
{
    public JsonObject Object => Body!.AsObject();

    public JsonArray Resources => Object["Resources"]!.AsArray();

    public long TotalResults => Object["totalResults"]!.GetValue<long>();

    public string Id => Object["id"]!.GetValue<string>();

    /// <summary>Asserts the status and returns itself.</summary>
    public ScimAnswer Is(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Text}");
        return this;
    }

    public ScimAnswer Ok() => Is(HttpStatusCode.OK);

    /// <summary>Asserts a SCIM error body (RFC 7644 §3.12): the Error schema, <c>status</c> as a string, the <c>scimType</c>.</summary>
    public ScimAnswer Fails(HttpStatusCode status, string? scimType)
    {
        Is(status);
        Assert.StartsWith("application/scim+json", ContentType);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", Assert.Single(Object["schemas"]!.AsArray())!.GetValue<string>());
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), Object["status"]!.GetValue<string>());
        Assert.Equal(scimType, Object["scimType"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(Object["detail"]?.GetValue<string>()));
        return this;
    }
}

/// <summary>An organization with a SCIM token, and a client that speaks SCIM to the silo over real HTTP.</summary>
public sealed class ScimApi(SiloUnderTest silo, string organizationId, string token)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    public SiloUnderTest Silo => silo;

    public string OrganizationId => organizationId;

    public string Token => token;

    /// <summary>A new organization and its SCIM token, minted through the admin route.</summary>
    public static async Task<ScimApi> NewTenantAsync(AdminApi admin)
    {
        var orgId = await admin.NewOrgAsync();
        var minted = (await admin.PostAsync("/organization/scim_token", new { organization_id = orgId })).Ok().Object;
        return new ScimApi(admin.Silo, orgId, minted["scim_token"]!.GetValue<string>());
    }

    public Task<ScimAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ScimAnswer> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<ScimAnswer> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<ScimAnswer> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public Task<ScimAnswer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>Sends a request under <c>/scim/v2</c> with this tenant's token (or <paramref name="bearer"/>; "" sends none).</summary>
    public async Task<ScimAnswer> SendAsync(HttpMethod method, string path, string? json, string? bearer = null, string contentType = "application/scim+json")
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(method, "scim/v2" + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        var credential = bearer ?? token;
        if (credential.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        request.Headers.Accept.ParseAdd("application/scim+json");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ScimAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), text,
            response.Content.Headers.ContentType?.ToString(), response.Headers.Location);
    }

    /// <summary>The <c>/Users</c> path with a filter, encoded as Okta encodes it (%20 for spaces).</summary>
    public static string Filter(string resource, string filter, string extra = "") =>
        $"/{resource}?filter={Uri.EscapeDataString(filter)}{extra}";

    /// <summary>Creates a user the way Okta does and returns its SCIM id.</summary>
    public async Task<string> CreateUserAsync(string userName, bool active = true)
    {
        var body = $$"""
            {"schemas":["{{UserSchema}}"],"userName":"{{userName}}","name":{"givenName":"Test","familyName":"User"},
             "emails":[{"primary":true,"value":"{{userName}}","type":"work"}],"displayName":"Test User","active":{{(active ? "true" : "false")}}}
            """;
        return (await PostAsync("/Users", body)).Is(HttpStatusCode.Created).Id;
    }

    /// <summary>Creates a group the way Entra ID does (no members) and returns its SCIM id.</summary>
    public async Task<string> CreateGroupAsync(string displayName, params string[] members)
    {
        var list = string.Join(",", members.Select(m => $$"""{"value":"{{m}}"}"""));
        var body = $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"{{Guid.NewGuid()}}","displayName":"{{displayName}}","members":[{{list}}]}
            """;
        return (await PostAsync("/Groups", body)).Is(HttpStatusCode.Created).Id;
    }

    /// <summary>A PATCH of users or groups with the given operations (JSON, comma-separated).</summary>
    public Task<ScimAnswer> PatchOpsAsync(string path, string operations) =>
        PatchAsync(path, $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operations}}]}""");

    /// <summary>A new unique user name (an address, as Okta's are).</summary>
    public static string NewUserName(string prefix = "user") => $"{prefix}.{Guid.NewGuid():N}@example.test";
}

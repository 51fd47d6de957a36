using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Routero.Silo.Tests.Admin;
using Routero.Silo.Tests.Infrastructure;

namespace Routero.Silo.Tests.Audit;

/// <summary>Admin calls that carry an <c>x-request-id</c>, and reads of the audit log.</summary>
public sealed class AuditApi(SiloUnderTest silo)
{
    public AdminApi Admin { get; } = new(silo);

    public SiloUnderTest Silo => silo;

    /// <summary>Sends an admin request; answers it and the <c>x-request-id</c> the silo echoed.</summary>
    public async Task<(Answer Answer, string? RequestId)> SendAsync(
        HttpMethod method, string path, object? body, string? requestId = null, string bearer = SiloUnderTest.MasterKey, string? organization = null)
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(AdminApi.Json(body), Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (requestId is not null) request.Headers.Add("x-request-id", requestId);
        if (organization is not null) request.Headers.Add("X-Organization-Id", organization);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var echoed = response.Headers.TryGetValues("x-request-id", out var values) ? values.Single() : null;
        return (new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), text), echoed);
    }

    /// <summary>GET /audit/logs with a query string, as <paramref name="bearer"/>.</summary>
    public async Task<Answer> LogsAsync(string query, string bearer = SiloUnderTest.MasterKey) =>
        (await SendAsync(HttpMethod.Get, "/audit/logs?" + query, null, bearer: bearer)).Answer;

    /// <summary>Every record of one request (one page of at most 500 is plenty for one request).</summary>
    public async Task<List<JsonObject>> RecordsOfAsync(string requestId)
    {
        var answer = (await LogsAsync($"request_id={Uri.EscapeDataString(requestId)}&page_size=500")).Ok();
        return [.. answer.Object["audit_logs"]!.AsArray().Select(r => r!.AsObject())];
    }

    /// <summary>A user holding <paramref name="orgRole"/> in <paramref name="orgId"/>, and a key of theirs for admin calls.</summary>
    public async Task<(string UserId, string Key)> MemberWithKeyAsync(string orgId, string orgRole)
    {
        var userId = AdminApi.NewId("member");
        (await Admin.PostAsync("/organization/member_add", new { organization_id = orgId, member = new { user_id = userId, role = orgRole } })).Ok();
        var key = (await Admin.PostAsync("/key/generate", new { user_id = userId })).Ok().Object["key"]!.GetValue<string>();
        return (userId, key);
    }

    /// <summary>A fresh request id.</summary>
    public static string NewRequestId() => "test-" + Guid.NewGuid().ToString("N");
}

/// <summary>What one audit record must say.</summary>
public sealed record ExpectedRecord(string Action, string Operation, string TargetType, string TargetId, string? OrganizationId);

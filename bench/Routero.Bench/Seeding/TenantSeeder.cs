using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Routero.Bench.Seeding;

/// <summary>
/// Seeds one organization → team → user → customer → key through the admin API, with a budget, rpm, tpm and
/// a concurrency limit on every level, all far from exhaustion: every request then goes through full
/// admission and accounting on five levels without ever being refused.
/// </summary>
internal static class TenantSeeder
{
    /// <summary>The limits every level gets: a month of budget and rates no benchmark reaches.</summary>
    public static readonly JsonObject Limits = new()
    {
        ["max_budget"] = 1_000_000,
        ["budget_duration"] = "30d",
        ["rpm_limit"] = 100_000_000,
        ["tpm_limit"] = 100_000_000_000,
        ["max_parallel_requests"] = 100_000,
    };

    public const string Customer = "bench-customer";

    public static async Task<int> RunAsync(Options options)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.String("url")) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.String("master"));
        await PostAsync(http, "organization/new", new() { ["organization_id"] = "bench-org", ["organization_alias"] = "bench" });
        await PostAsync(http, "team/new", new() { ["team_id"] = "bench-team", ["organization_id"] = "bench-org" });
        await PostAsync(http, "user/new", new() { ["user_id"] = "bench-user", ["organization_id"] = "bench-org", ["auto_create_key"] = false });
        await PostAsync(http, "customer/new", new() { ["user_id"] = Customer }, organization: "bench-org");
        var key = await PostAsync(http, "key/generate", new() { ["team_id"] = "bench-team", ["user_id"] = "bench-user", ["key_alias"] = "bench" });
        await File.WriteAllTextAsync(options.String("out"), key["key"]!.GetValue<string>());
        Console.WriteLine("seeded org → team → user → customer → key, limits on every level");
        return 0;
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonObject fields, string? organization = null)
    {
        foreach (var (name, value) in Limits) fields[name] = value?.DeepClone();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(fields.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (organization is not null) request.Headers.Add("X-Organization-Id", organization);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}

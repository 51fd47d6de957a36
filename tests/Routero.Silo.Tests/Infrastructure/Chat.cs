using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Routero.Keys;
using Routero.Storage;

namespace Routero.Silo.Tests.Infrastructure;

/// <summary>Small helpers for relay tests: request bodies and spend look-ups.</summary>
public static class Chat
{
    /// <summary>A one-message chat body.</summary>
    public static JsonObject Body(string model, string text = "hi", object? extra = null) =>
        SiloUnderTest.Merge(new { model, messages = new[] { new { role = "user", content = text } } }, extra);

    /// <summary>POSTs a chat completion.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, CancellationToken ct = default) =>
        client.PostAsJsonAsync("v1/chat/completions", body, ct);

    /// <summary>The key's internal id, from its hash.</summary>
    public static async Task<string> KeyIdAsync(SiloUnderTest silo, string key) =>
        (await silo.Runtime.Store.FindKeyIdByHashAsync(KeyHash.Of(key).ToHex()))!;

    /// <summary>Every spend record of a key (flushed first).</summary>
    public static async Task<List<SpendRecord>> SpendOfAsync(SiloUnderTest silo, string key)
    {
        await silo.Runtime.Spend.FlushAsync();
        var keyId = await KeyIdAsync(silo, key);
        var all = new List<SpendRecord>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await silo.Runtime.Store.ListSpendAsync(new SpendQuery { KeyId = keyId, Offset = offset, Limit = 1000 });
            all.AddRange(page.Items);
            if (page.Items.Count < 1000) return all;
        }
    }

    /// <summary>Reads an error body's <c>error.code</c>.</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["error"]?["code"]?.GetValue<string>();
    }

    /// <summary>Reads an error body's <c>error.param</c>.</summary>
    public static async Task<string?> ErrorParamAsync(HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["error"]?["param"]?.GetValue<string?>();
    }

    /// <summary>Polls a condition (bounded: 200 tries, 50 ms apart) for effects that finish after a response.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return false;
    }
}

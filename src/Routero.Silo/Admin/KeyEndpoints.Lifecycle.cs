using Routero.Access;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

internal static partial class KeyEndpoints
{
    private static readonly FrozenSet<string> RegenerateFields = Fields.Of(KeyFields.Settings, ["key"]);
    private static readonly FrozenSet<string> DeleteFields = Fields.Of(["keys", "key_aliases"]);
    private static readonly FrozenSet<string> KeyOnlyFields = Fields.Of(["key"]);

    /// <summary>
    /// A new key for the same key id: spend, limits and ownership carry over, settings in the body apply,
    /// and the old key is refused from the very next request. The body's <c>key</c> wins over the path's.
    /// </summary>
    private static async Task<IResult> RegenerateAsync(HttpContext http, SiloRuntime runtime, string? pathKey)
    {
        var r = await AdminRequest.ReadAsync(http, RegenerateFields, optional: true);
        var passed = r.String("key") ?? pathKey ?? throw r.Bad("key", "is required");
        var (raw, key) = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await KeyLookup.GetAsync(runtime, passed, "key");
            var (minted, rotated) = KeyMint.Rotate(await ApplyAsync(runtime, r, current.Record, change.Now), change.Now);
            change.Update(current.Row, rotated);
            return (minted, rotated);
        });
        return AdminJson.Ok(WithKey(key, raw));
    }

    /// <summary>Deletes keys named by <c>keys</c> (keys or tokens) or else <c>key_aliases</c>; 404 when none matches.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, SiloRuntime runtime)
    {
        var r = await AdminRequest.ReadAsync(http, DeleteFields);
        var field = r.Node("keys") is not null ? "keys" : r.Node("key_aliases") is not null ? "key_aliases" : throw r.Bad("keys", "keys or key_aliases is required");
        var passed = r.Strings(field)!;
        if (field == "keys") foreach (var k in passed) KeyLookup.HashOf(k, "keys");
        var deleted = await AdminCommit.RunAsync(runtime, async change =>
        {
            var found = new JsonArray();
            foreach (var name in passed.Distinct(StringComparer.Ordinal))
            {
                var rows = field == "keys"
                    ? await KeyLookup.FindAsync(runtime, name, field) is { } key ? [key.Row] : []
                    : await AccessLists.AllAsync(runtime, new EntityQuery(EntityKind.Key) { Alias = name }, AdminPermission.KeyManage);
                foreach (var row in rows.Where(row => !change.Deletes(row.Kind, row.Id))) change.Delete(row);
                if (rows.Count > 0) found.Add(name);
            }
            return found.Count > 0 ? found : throw new ApiException(ApiError.NotFound("No keys found.", field));
        });
        return AdminJson.Ok(new JsonObject { ["deleted_keys"] = deleted });
    }

    private static async Task<IResult> SetBlockedAsync(HttpContext http, SiloRuntime runtime, bool blocked)
    {
        var r = await AdminRequest.ReadAsync(http, KeyOnlyFields);
        var passed = r.RequiredString("key");
        var key = await AdminCommit.RunAsync(runtime, async change =>
        {
            var current = await KeyLookup.GetAsync(runtime, passed, "key");
            var record = current.Record with { Blocked = blocked, UpdatedAt = change.Now };
            change.Update(current.Row, record);
            return record;
        });
        return AdminJson.Ok(AdminJson.KeyRow(key));
    }
}

using Microsoft.Extensions.Primitives;
using Routero.Errors;
using Routero.Hosting;
using Routero.Keys;
using Routero.Policy;
using Routero.Tenancy;

namespace Routero.Auth;

/// <summary>
/// Turns <c>Authorization: Bearer sk-...</c> into the key's grain and policy: hash, index, grain, snapshot.
/// All from memory once the key has been seen. Refuses unknown, expired, blocked and IP-disallowed keys.
/// </summary>
internal static class KeyAuthenticator
{
    public static async ValueTask<(KeyGrain? Grain, KeyPolicy? Policy, ApiError? Error)> AuthenticateAsync(HttpContext context, SiloRuntime runtime)
    {
        var key = VirtualKeys.FromAuthorization(Header(context.Request.Headers.Authorization));
        if (key.IsEmpty)
            return (null, null, ApiError.Unauthorized("No API key: send 'Authorization: Bearer sk-...'."));
        var hash = KeyHash.Of(key);
        var keyId = await runtime.Keys.FindAsync(hash).ConfigureAwait(false);
        if (keyId is null) return (null, null, ApiError.Unauthorized("Invalid API key."));
        var grain = await runtime.Host.GetAsync<KeyGrain>(keyId).ConfigureAwait(false);
        var policy = await grain.GetPolicyAsync().ConfigureAwait(false);
        if (policy is null || policy.TokenHash != hash)
        {
            // The index still knew a hash the key no longer has (regenerated or deleted meanwhile).
            runtime.Keys.Forget(hash);
            return (null, null, ApiError.Unauthorized("Invalid API key."));
        }
        if (policy.Key.ExpiresAt is { } expires && runtime.Time.GetUtcNow() >= expires)
            return (null, null, ApiError.Unauthorized($"This key expired at {expires:O}.") with { Code = "expired_key" });
        if (policy.Unusable is { } why)
            return (null, null, ApiError.Unauthorized(why) with { Code = "key_blocked" });
        if (policy.AllowIps is { } allow && !allow.Allows(context.Connection.RemoteIpAddress))
            return (null, null, ApiError.Forbidden($"This key may not be used from {context.Connection.RemoteIpAddress}.", "ip_not_allowed"));
        return (grain, policy, null);
    }

    private static ReadOnlySpan<char> Header(StringValues values) => values.Count == 1 ? values[0].AsSpan() : ReadOnlySpan<char>.Empty;
}

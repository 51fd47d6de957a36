namespace Routero.Relay;

/// <summary>
/// Request ids (<c>x-request-id</c>, the spend log's key): <c>req_</c> and a version-7 UUID in hex. Version 7
/// leads with the time in milliseconds, so ids sort in the order requests arrived and the spend log's unique
/// index on them grows at its end (a random id would land on a random page of it, one more dirty page per commit).
/// </summary>
internal static class RequestIds
{
    private const string Prefix = "req_";

    /// <summary>A new id, built in one string.</summary>
    public static string New(TimeProvider time) => New(time.GetUtcNow());

    /// <summary>A new id for something that happens at <paramref name="at"/>.</summary>
    public static string New(DateTimeOffset at) =>
        string.Create(Prefix.Length + 32, Guid.CreateVersion7(at), static (span, guid) =>
        {
            Prefix.CopyTo(span);
            guid.TryFormat(span[Prefix.Length..], out _, "N");
        });
}

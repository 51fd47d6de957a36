using System.Buffers;
using Routero.Errors;

namespace Routero.Relay;

/// <summary>A request body read into a pooled buffer, bounded by the configured limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length) => (_buffer, Length) = (buffer, length);

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async ValueTask<(RequestBody? Body, ApiError? Error)> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return (null, TooLarge(limit));
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit) { ArrayPool<byte>.Shared.Return(buffer); return (null, TooLarge(limit)); }
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        if (length > limit) { ArrayPool<byte>.Shared.Return(buffer); return (null, TooLarge(limit)); }
        if (length == 0) { ArrayPool<byte>.Shared.Return(buffer); return (null, ApiError.BadRequest("The request body is empty; send a JSON object.")); }
        return (new RequestBody(buffer, length), null);
    }

    private static ApiError TooLarge(long limit) =>
        new(413, $"The request body is larger than this gateway accepts ({limit} bytes).", "invalid_request_error", "request_too_large");

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}

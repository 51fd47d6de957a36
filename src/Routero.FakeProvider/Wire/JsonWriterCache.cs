using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Routero.FakeProvider.Wire;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread, re-pointed at each response's buffer, so that
/// writing a response allocates no writer. Rent and return around synchronous code only.
/// </summary>
internal static class JsonWriterCache
{
    private static readonly JsonWriterOptions Options = new()
    {
        // The wire is JSON for API clients, not HTML: escape only what JSON requires.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }

        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Flushes the writer into its buffer and keeps it for the next response on this thread.</summary>
    public static void FlushAndReturn(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(NullBufferWriter.Instance);
        t_writer = writer;
    }

    /// <summary>Parks returned writers so they hold no reference to a finished response.</summary>
    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("A returned writer was used.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("A returned writer was used.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("A returned writer was used.");
    }
}

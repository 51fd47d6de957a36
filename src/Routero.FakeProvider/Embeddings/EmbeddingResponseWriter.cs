using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Embeddings;

/// <summary>Writes the <c>list</c> of embeddings, as float arrays or base64 little-endian float32.</summary>
internal static class EmbeddingResponseWriter
{
    public static void Write(IBufferWriter<byte> output, in EmbeddingRequest request)
    {
        var vector = ArrayPool<float>.Shared.Rent(request.Dimensions);
        try
        {
            var json = JsonWriterCache.Rent(output);
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            var seeds = request.Seeds.Span;
            for (var i = 0; i < seeds.Length; i++)
            {
                var values = vector.AsSpan(0, request.Dimensions);
                FakeEmbedding.Fill(seeds[i], values);
                WriteItem(json, i, values, request.Base64);
            }

            json.WriteEndArray();
            json.WriteString("model"u8, request.Model);
            json.WriteStartObject("usage"u8);
            json.WriteNumber("prompt_tokens"u8, request.PromptTokens);
            json.WriteNumber("total_tokens"u8, request.PromptTokens);
            json.WriteEndObject();
            json.WriteEndObject();
            JsonWriterCache.FlushAndReturn(json);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vector);
        }
    }

    private static void WriteItem(Utf8JsonWriter json, int index, Span<float> values, bool base64)
    {
        json.WriteStartObject();
        json.WriteString("object"u8, "embedding"u8);
        json.WriteNumber("index"u8, index);
        if (base64)
        {
            json.WritePropertyName("embedding"u8);
            json.WriteBase64StringValue(LittleEndianBytes(values));
        }
        else
        {
            json.WriteStartArray("embedding"u8);
            foreach (var value in values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>The float32 bytes OpenAI sends for base64: little-endian, in place.</summary>
    private static ReadOnlySpan<byte> LittleEndianBytes(Span<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<float, int>(values);
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }

        return MemoryMarshal.AsBytes(values);
    }
}

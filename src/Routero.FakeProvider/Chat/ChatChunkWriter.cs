using System.Buffers;
using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

/// <summary>Writes the server-sent events of a streamed chat completion, one <c>data:</c> event per call.</summary>
internal static class ChatChunkWriter
{
    /// <summary>First event: announces the assistant role with empty content, as OpenAI does.</summary>
    public static void WriteRole(IBufferWriter<byte> output, in CompletionHeader header, bool usageNull)
    {
        var json = Begin(output, header);
        json.WriteStartObject("delta"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        json.WriteNull("refusal"u8);
        json.WriteEndObject();
        EndChoice(output, json, finishReason: default, usageNull);
    }

    public static void WriteContent(IBufferWriter<byte> output, in CompletionHeader header, ReadOnlySpan<byte> piece, bool usageNull)
    {
        var json = Begin(output, header);
        json.WriteStartObject("delta"u8);
        json.WriteString("content"u8, piece);
        json.WriteEndObject();
        EndChoice(output, json, finishReason: default, usageNull);
    }

    public static void WriteFinish(IBufferWriter<byte> output, in CompletionHeader header, ReadOnlySpan<byte> finishReason, bool usageNull)
    {
        var json = Begin(output, header);
        json.WriteStartObject("delta"u8);
        json.WriteEndObject();
        EndChoice(output, json, finishReason, usageNull);
    }

    /// <summary>The <c>stream_options.include_usage</c> chunk: no choices, only usage.</summary>
    public static void WriteUsage(IBufferWriter<byte> output, in CompletionHeader header, int promptTokens, int completionTokens)
    {
        output.Write("data: "u8);
        var json = JsonWriterCache.Rent(output);
        json.WriteStartObject();
        header.Write(json, "chat.completion.chunk"u8);
        json.WriteStartArray("choices"u8);
        json.WriteEndArray();
        UsageJson.Write(json, promptTokens, completionTokens);
        json.WriteEndObject();
        JsonWriterCache.FlushAndReturn(json);
        output.Write("\n\n"u8);
    }

    public static void WriteDone(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    private static Utf8JsonWriter Begin(IBufferWriter<byte> output, in CompletionHeader header)
    {
        output.Write("data: "u8);
        var json = JsonWriterCache.Rent(output);
        json.WriteStartObject();
        header.Write(json, "chat.completion.chunk"u8);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        return json;
    }

    /// <summary>Closes the choice and the chunk; an empty <paramref name="finishReason"/> is written as null.</summary>
    private static void EndChoice(IBufferWriter<byte> output, Utf8JsonWriter json, ReadOnlySpan<byte> finishReason, bool usageNull)
    {
        json.WriteNull("logprobs"u8);
        if (finishReason.IsEmpty)
        {
            json.WriteNull("finish_reason"u8);
        }
        else
        {
            json.WriteString("finish_reason"u8, finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (usageNull)
        {
            // OpenAI adds "usage":null to every chunk only when the caller asked for usage.
            json.WriteNull("usage"u8);
        }

        json.WriteEndObject();
        JsonWriterCache.FlushAndReturn(json);
        output.Write("\n\n"u8);
    }
}

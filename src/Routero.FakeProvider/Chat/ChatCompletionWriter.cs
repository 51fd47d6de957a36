using System.Buffers;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

/// <summary>Writes the non-streaming <c>chat.completion</c> object.</summary>
internal static class ChatCompletionWriter
{
    public static void Write(IBufferWriter<byte> output, in CompletionHeader header, in ChatReply reply, int promptTokens)
    {
        var json = JsonWriterCache.Rent(output);
        json.WriteStartObject();
        header.Write(json, "chat.completion"u8);
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, reply.Content.Span);
        json.WriteNull("refusal"u8);
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, reply.FinishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        UsageJson.Write(json, promptTokens, reply.CompletionTokens);
        json.WriteEndObject();
        JsonWriterCache.FlushAndReturn(json);
    }
}

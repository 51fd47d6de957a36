using System.Text.Json;

namespace Routero.Requests;

/// <summary>
/// Reads a chat-completions or embeddings body with <see cref="Utf8JsonReader"/> in one pass: validates the
/// fields the gateway relies on, records where rewritable values sit, and bounds the prompt's tokens.
/// <para>
/// The bound: byte-level BPE tokenizers never produce more tokens than the text has UTF-8 bytes, so the
/// bytes of every string inside <c>messages</c>, <c>tools</c> and <c>functions</c>, plus a few tokens per
/// message for the chat template, bound the prompt from above. Reserving on that bound is what keeps budgets
/// exact; settlement replaces it with the provider's real count. Image URLs count a flat
/// <see cref="ImageTokenBound"/>, since the bytes of a data URL say nothing about an image's token cost.
/// </para>
/// </summary>
public static class ChatRequestInspector
{
    /// <summary>Tokens charged per image reference when bounding the prompt.</summary>
    public const int ImageTokenBound = 2000;

    private const int TokensPerMessage = 4;
    private const int TokensPerPrompt = 3;

    /// <summary>Inspects a chat-completions body; returns null and fills <paramref name="info"/> when it is acceptable.</summary>
    public static RequestError? InspectChat(ReadOnlySpan<byte> body, ChatRequestInfo info) => Inspect(body, info, embeddings: false);

    /// <summary>Inspects an embeddings body.</summary>
    public static RequestError? InspectEmbeddings(ReadOnlySpan<byte> body, ChatRequestInfo info) => Inspect(body, info, embeddings: true);

    private static RequestError? Inspect(ReadOnlySpan<byte> body, ChatRequestInfo info, bool embeddings)
    {
        info.IsEmbeddings = embeddings;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new("The request body must be a JSON object.", null);
            bool sawModel = false, sawPayload = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var error = ReadProperty(ref reader, info, embeddings, ref sawModel, ref sawPayload);
                if (error is not null) return error;
            }
            if (reader.TokenType != JsonTokenType.EndObject) return new("The request body must be a JSON object.", null);
            info.ClosingBrace = (int)reader.TokenStartIndex;
            if (reader.Read()) return new("Unexpected data after the JSON object.", null);
            if (!sawModel) return new("Missing required parameter: 'model'.", "model");
            if (!sawPayload)
                return embeddings ? new("Missing required parameter: 'input'.", "input")
                                  : new("Missing required parameter: 'messages'.", "messages");
            return null;
        }
        catch (JsonException e)
        {
            return new($"The request body is not valid JSON: {e.Message}", null);
        }
    }

    private static RequestError? ReadProperty(ref Utf8JsonReader reader, ChatRequestInfo info, bool embeddings, ref bool sawModel, ref bool sawPayload)
    {
        if (reader.ValueTextEquals("model"u8))
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.String) return new("'model' must be a string.", "model");
            info.Model = reader.GetString()!;
            if (info.Model.Length == 0) return new("'model' must not be empty.", "model");
            info.ModelValue = new((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
            sawModel = true;
            return null;
        }
        if (!embeddings && reader.ValueTextEquals("messages"u8))
        {
            sawPayload = true;
            return ReadMessages(ref reader, info);
        }
        if (embeddings && reader.ValueTextEquals("input"u8))
        {
            sawPayload = true;
            return ReadEmbeddingInput(ref reader, info);
        }
        if (!embeddings && (reader.ValueTextEquals("tools"u8) || reader.ValueTextEquals("functions"u8)))
        {
            reader.Read();
            info.PromptTokenBound += CountStringBytes(ref reader);
            return null;
        }
        if (!embeddings && reader.ValueTextEquals("stream"u8))
        {
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                return new("'stream' must be a boolean.", "stream");
            info.Stream = reader.TokenType == JsonTokenType.True;
            return null;
        }
        if (!embeddings && (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8)))
        {
            var completion = reader.ValueTextEquals("max_completion_tokens"u8);
            var param = completion ? "max_completion_tokens" : "max_tokens";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                // Remember where the null sits, so a cap replaces it rather than adding a duplicate key.
                if (!info.MaxTokensValue.Exists)
                    (info.MaxTokensValue, info.UsesMaxCompletionTokens) = (new((int)reader.TokenStartIndex, 4), completion);
                return null;
            }
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var max) || max < 1)
                return new($"'{param}' must be a positive integer.", param);
            if (info.MaxTokens is not null) return new("Give either 'max_tokens' or 'max_completion_tokens', not both.", param);
            info.MaxTokens = max;
            info.UsesMaxCompletionTokens = completion;
            info.MaxTokensValue = new((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
            return null;
        }
        if (reader.ValueTextEquals("user"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) return new("'user' must be a string.", "user");
            info.User = reader.GetString();
            if (info.User is { Length: 0 }) info.User = null;
            return null;
        }
        if (!embeddings && reader.ValueTextEquals("stream_options"u8))
            return ReadStreamOptions(ref reader, info);
        reader.Read();
        reader.Skip();
        return null;
    }

    private static RequestError? ReadMessages(ref Utf8JsonReader reader, ChatRequestInfo info)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) return new("'messages' must be an array.", "messages");
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                return new($"'messages[{count}]' must be an object.", $"messages[{count}]");
            var error = ReadMessage(ref reader, info, count);
            if (error is not null) return error;
            count++;
        }
        if (count == 0) return new("'messages' must contain at least one message.", "messages");
        info.PromptTokenBound += count * TokensPerMessage + TokensPerPrompt;
        return null;
    }

    private static RequestError? ReadMessage(ref Utf8JsonReader reader, ChatRequestInfo info, int index)
    {
        var sawRole = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    return new($"'messages[{index}].role' must be a string.", $"messages[{index}].role");
                info.PromptTokenBound += reader.ValueSpan.Length;
                sawRole = true;
                continue;
            }
            reader.Read();
            info.PromptTokenBound += CountStringBytes(ref reader);
        }
        return sawRole ? null : new($"Missing required parameter: 'messages[{index}].role'.", $"messages[{index}].role");
    }

    private static RequestError? ReadEmbeddingInput(ref Utf8JsonReader reader, ChatRequestInfo info)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                info.PromptTokenBound += reader.ValueSpan.Length;
                return null;
            case JsonTokenType.StartArray:
                var depth = reader.CurrentDepth;
                var items = 0;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
                {
                    if (reader.TokenType == JsonTokenType.String) info.PromptTokenBound += reader.ValueSpan.Length;
                    else if (reader.TokenType == JsonTokenType.Number) info.PromptTokenBound++;
                    else if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
                        return new("'input' must be a string, an array of strings, or an array of token arrays.", "input");
                    items++;
                }
                return items == 0 ? new("'input' must not be empty.", "input") : null;
            default:
                return new("'input' must be a string, an array of strings, or an array of token arrays.", "input");
        }
    }

    private static RequestError? ReadStreamOptions(ref Utf8JsonReader reader, ChatRequestInfo info)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            info.StreamOptionsValue = new((int)reader.TokenStartIndex, 4);
            info.StreamOptionsIsNull = true;
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject) return new("'stream_options' must be an object.", "stream_options");
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isUsage)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                    return new("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
                info.ClientIncludesUsage = reader.TokenType == JsonTokenType.True;
                info.IncludeUsageValue = new((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
            }
            else reader.Skip();
        }
        info.StreamOptionsValue = new(start, (int)reader.BytesConsumed - start);
        return null;
    }

    /// <summary>Sums the UTF-8 bytes of every string in the value the reader is on (the bound's main term).</summary>
    private static int CountStringBytes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.ValueSpan.Length;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return 0;
        var depth = reader.CurrentDepth;
        var total = 0;
        var nextIsUrl = false;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                nextIsUrl = reader.ValueTextEquals("url"u8);
                total += reader.ValueSpan.Length;
                continue;
            }
            if (reader.TokenType == JsonTokenType.String)
                total += nextIsUrl ? ImageTokenBound : reader.ValueSpan.Length;
            nextIsUrl = false;
        }
        return total;
    }

}

using System.Buffers;
using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

/// <summary>
/// Reads a chat completion request in one forward pass with <see cref="Utf8JsonReader"/>,
/// keeping only counts and the last user text, so parsing allocates little more than the model string.
/// </summary>
internal static partial class ChatRequestReader
{
    /// <summary>Mutable parse state; lives on the stack of <see cref="TryRead"/>.</summary>
    private struct Fields
    {
        public string? Model;
        public int MessageTokens;
        public int MessageCount;
        public bool SawMessages;
        public PooledUtf8 Content;
        public PooledUtf8 LastUser;
        public int? MaxTokens;
        public bool Stream;
        public bool IncludeUsage;
    }

    public static bool TryRead(ReadOnlySequence<byte> body, out ChatRequest request, out OpenAiError error)
    {
        var fields = new Fields();
        request = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!TryReadBody(ref reader, ref fields, out error) || !TryValidate(ref fields, out error))
            {
                return false;
            }

            var (text, length) = fields.LastUser.Detach();
            var promptTokens = fields.MessageTokens + FakeTokenizer.TokensPerMessage;
            request = new ChatRequest(fields.Model!, promptTokens, text, length, fields.MaxTokens, fields.Stream, fields.IncludeUsage);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with invalid escapes or UTF-8.
            error = RequestErrors.UnparsableJson;
            return false;
        }
        finally
        {
            fields.Content.Dispose();
            fields.LastUser.Dispose();
        }
    }

    private static bool TryReadBody(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = RequestErrors.UnparsableJson;
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryReadProperty(ref reader, ref fields, out error))
            {
                return false;
            }
        }

        // Throws on anything after the closing brace.
        reader.Read();
        error = default;
        return true;
    }

    private static bool TryReadProperty(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        if (reader.ValueTextEquals("model"u8))
        {
            return RequestFields.TryReadString(ref reader, "model", out fields.Model, out error);
        }

        if (reader.ValueTextEquals("messages"u8))
        {
            fields.SawMessages = true;
            return TryReadMessages(ref reader, ref fields, out error);
        }

        if (reader.ValueTextEquals("max_tokens"u8))
        {
            return TryReadLimit(ref reader, "max_tokens", ref fields.MaxTokens, out error);
        }

        if (reader.ValueTextEquals("max_completion_tokens"u8))
        {
            return TryReadLimit(ref reader, "max_completion_tokens", ref fields.MaxTokens, out error);
        }

        if (reader.ValueTextEquals("stream"u8))
        {
            return RequestFields.TryReadBool(ref reader, "stream", out fields.Stream, out error);
        }

        if (reader.ValueTextEquals("stream_options"u8))
        {
            return TryReadStreamOptions(ref reader, ref fields, out error);
        }

        reader.Read();
        reader.Skip();
        return true;
    }

    private static bool TryReadLimit(ref Utf8JsonReader reader, string name, ref int? limit, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value < 1)
        {
            error = OpenAiError.InvalidRequest($"Invalid '{name}': expected an integer of at least 1.", name);
            return false;
        }

        // Both given: honour the stricter, so completions never exceed either.
        limit = limit is { } existing ? Math.Min(existing, value) : value;
        return true;
    }

    private static bool TryReadStreamOptions(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = OpenAiError.InvalidRequest("Invalid type for 'stream_options': expected an object.", "stream_options");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("include_usage"u8))
            {
                reader.Read();
                reader.Skip();
            }
            else if (!RequestFields.TryReadBool(ref reader, "stream_options.include_usage", out fields.IncludeUsage, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryValidate(ref Fields fields, out OpenAiError error)
    {
        error = fields switch
        {
            { Model: null } => RequestErrors.MissingModel,
            { SawMessages: false } => OpenAiError.InvalidRequest("Missing required parameter: 'messages'.", "messages"),
            { MessageCount: 0 } => OpenAiError.InvalidRequest(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages"),
            _ => default,
        };
        return error == default;
    }
}

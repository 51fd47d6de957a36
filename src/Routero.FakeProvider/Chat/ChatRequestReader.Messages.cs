using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Chat;

internal static partial class ChatRequestReader
{
    private static bool TryReadMessages(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = OpenAiError.InvalidRequest("Invalid type for 'messages': expected an array.", "messages");
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadMessage(ref reader, ref fields, out error))
            {
                return false;
            }

            fields.MessageCount++;
        }

        return true;
    }

    private static bool TryReadMessage(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = InvalidMessage(fields.MessageCount, string.Empty, "Invalid type for '{0}': expected an object.");
            return false;
        }

        fields.Content.Clear();
        var hasRole = false;
        var isUser = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                hasRole = reader.TokenType == JsonTokenType.String;
                isUser = hasRole && reader.ValueTextEquals("user"u8);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                if (!TryReadContent(ref reader, ref fields.Content))
                {
                    error = InvalidMessage(fields.MessageCount, ".content", "Invalid type for '{0}': expected a string or an array.");
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasRole)
        {
            error = InvalidMessage(fields.MessageCount, ".role", "Missing required parameter: '{0}'.");
            return false;
        }

        fields.MessageTokens += FakeTokenizer.ForByteCount(fields.Content.Length) + FakeTokenizer.TokensPerMessage;
        if (isUser)
        {
            // Keep this message's text as the candidate echo; reuse the old buffer for the next message.
            (fields.Content, fields.LastUser) = (fields.LastUser, fields.Content);
        }

        error = default;
        return true;
    }

    /// <summary>Builds the parameter path only on the error path: the happy path formats nothing.</summary>
    private static OpenAiError InvalidMessage(int index, string member, string messageFormat)
    {
        var param = $"messages[{index}]{member}";
        return OpenAiError.InvalidRequest(string.Format(System.Globalization.CultureInfo.InvariantCulture, messageFormat, param), param);
    }

    /// <summary>Reads a string, null, or an array of parts whose <c>text</c> values are concatenated.</summary>
    private static bool TryReadContent(ref Utf8JsonReader reader, ref PooledUtf8 content)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                content.AppendString(ref reader);
                return true;
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.StartArray:
                ReadParts(ref reader, ref content);
                return true;
            default:
                return false;
        }
    }

    private static void ReadParts(ref Utf8JsonReader reader, ref PooledUtf8 content)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isText = reader.ValueTextEquals("text"u8);
                reader.Read();
                if (isText && reader.TokenType == JsonTokenType.String)
                {
                    content.AppendString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}

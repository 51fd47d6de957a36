using System.Text.Json;

namespace Routero.FakeProvider.Wire;

/// <summary>Typed reads of a property's value, positioned on its name; shared by the request readers.</summary>
internal static class RequestFields
{
    public static bool TryReadString(ref Utf8JsonReader reader, string name, out string? value, out OpenAiError error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            error = OpenAiError.InvalidRequest($"Invalid type for '{name}': expected a string.", name);
            return false;
        }

        value = reader.GetString();
        error = default;
        return true;
    }

    /// <summary>Reads true, false or null (null reads as false).</summary>
    public static bool TryReadBool(ref Utf8JsonReader reader, string name, out bool value, out OpenAiError error)
    {
        reader.Read();
        error = default;
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False or JsonTokenType.Null:
                value = false;
                return true;
            default:
                value = false;
                error = OpenAiError.InvalidRequest($"Invalid type for '{name}': expected a boolean.", name);
                return false;
        }
    }
}

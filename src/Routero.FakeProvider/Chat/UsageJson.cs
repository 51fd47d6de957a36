using System.Text.Json;

namespace Routero.FakeProvider.Chat;

/// <summary>The <c>usage</c> object of a chat completion, with OpenAI's (all-zero) detail objects.</summary>
internal static class UsageJson
{
    public static void Write(Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, promptTokens);
        json.WriteNumber("completion_tokens"u8, completionTokens);
        json.WriteNumber("total_tokens"u8, promptTokens + completionTokens);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, 0);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, 0);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteNumber("accepted_prediction_tokens"u8, 0);
        json.WriteNumber("rejected_prediction_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

using System.Text.Json;

namespace Routero.Streaming;

/// <summary>Token usage as a provider reports it.</summary>
public readonly record struct Usage(int PromptTokens, int CompletionTokens)
{
    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>
    /// Finds the top-level <c>usage</c> object of a JSON response or chunk and reads its token counts.
    /// Returns false when there is none (or it is null).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out Usage usage)
    {
        usage = default;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                return reader.TokenType == JsonTokenType.StartObject && ReadCounts(ref reader, out usage);
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private static bool ReadCounts(ref Utf8JsonReader reader, out Usage usage)
    {
        int prompt = 0, completion = 0;
        var any = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPrompt = reader.ValueTextEquals("prompt_tokens"u8);
            var isCompletion = reader.ValueTextEquals("completion_tokens"u8);
            reader.Read();
            if (isPrompt && reader.TryGetInt32(out var p)) (prompt, any) = (p, true);
            else if (isCompletion && reader.TryGetInt32(out var c)) (completion, any) = (c, true);
            else reader.Skip();
        }
        usage = new Usage(prompt, completion);
        return any;
    }
}

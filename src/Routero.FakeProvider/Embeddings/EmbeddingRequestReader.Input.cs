using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Embeddings;

internal static partial class EmbeddingRequestReader
{
    private static readonly OpenAiError InvalidInput = OpenAiError.InvalidRequest(
        "Invalid 'input': expected a string, an array of strings, an array of integers or an array of integer arrays.", "input");

    private static readonly OpenAiError EmptyInput = OpenAiError.InvalidRequest(
        "Invalid 'input': empty array. Expected an array with minimum length 1.", "input");

    /// <summary>A string, or an array whose first element decides the form of all of them.</summary>
    private static bool TryReadInput(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            AddText(ref reader, ref fields);
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read())
        {
            error = InvalidInput;
            return false;
        }

        var ok = reader.TokenType switch
        {
            JsonTokenType.EndArray => Fail(EmptyInput, out error),
            JsonTokenType.String => TryReadTexts(ref reader, ref fields),
            JsonTokenType.Number => TryReadTokens(ref reader, ref fields),
            JsonTokenType.StartArray => TryReadTokenArrays(ref reader, ref fields),
            _ => false,
        };
        if (!ok && error == default)
        {
            error = InvalidInput;
        }

        return ok;
    }

    /// <summary>Positioned on the first string of the array.</summary>
    private static bool TryReadTexts(ref Utf8JsonReader reader, ref Fields fields)
    {
        do
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            AddText(ref reader, ref fields);
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return true;
    }

    /// <summary>Positioned on the first integer of one token array; consumes its end.</summary>
    private static bool TryReadTokens(ref Utf8JsonReader reader, ref Fields fields)
    {
        var seed = FakeEmbedding.FnvOffset;
        var count = 0;
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var token))
            {
                return false;
            }

            seed = FakeEmbedding.AppendToken(seed, token);
            count++;
            reader.Read();
        }

        fields.Seeds.Add(seed);
        fields.Tokens += count;
        return true;
    }

    /// <summary>Positioned on the start of the first inner array.</summary>
    private static bool TryReadTokenArrays(ref Utf8JsonReader reader, ref Fields fields)
    {
        do
        {
            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || !TryReadTokens(ref reader, ref fields))
            {
                return false;
            }
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return true;
    }

    private static void AddText(ref Utf8JsonReader reader, ref Fields fields)
    {
        fields.Scratch.Clear();
        fields.Scratch.AppendString(ref reader);
        fields.Seeds.Add(FakeEmbedding.HashUtf8(fields.Scratch.Span));
        fields.Tokens += FakeTokenizer.ForByteCount(fields.Scratch.Length);
    }

    private static bool Fail(OpenAiError reason, out OpenAiError error)
    {
        error = reason;
        return false;
    }
}

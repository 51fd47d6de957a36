using System.Buffers;
using System.Text.Json;
using Routero.FakeProvider.Wire;

namespace Routero.FakeProvider.Embeddings;

/// <summary>Reads an embeddings request in one forward pass, hashing each input as it goes.</summary>
internal static partial class EmbeddingRequestReader
{
    private struct Fields
    {
        public string? Model;
        public bool SawInput;
        public SeedList Seeds;
        public PooledUtf8 Scratch;
        public int Tokens;
        public bool Base64;
        public int Dimensions;
    }

    public static bool TryRead(ReadOnlySequence<byte> body, out EmbeddingRequest request, out OpenAiError error)
    {
        var fields = new Fields { Dimensions = FakeEmbedding.DefaultDimensions };
        request = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!TryReadBody(ref reader, ref fields, out error) || !TryValidate(in fields, out error))
            {
                return false;
            }

            var count = fields.Seeds.Count;
            request = new EmbeddingRequest(fields.Model!, fields.Seeds.Detach(), count, fields.Tokens, fields.Base64, fields.Dimensions);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            error = RequestErrors.UnparsableJson;
            return false;
        }
        finally
        {
            fields.Seeds.Dispose();
            fields.Scratch.Dispose();
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

        if (reader.ValueTextEquals("input"u8))
        {
            fields.SawInput = true;
            return TryReadInput(ref reader, ref fields, out error);
        }

        if (reader.ValueTextEquals("encoding_format"u8))
        {
            return TryReadEncoding(ref reader, ref fields, out error);
        }

        if (reader.ValueTextEquals("dimensions"u8))
        {
            return TryReadDimensions(ref reader, ref fields, out error);
        }

        reader.Read();
        reader.Skip();
        return true;
    }

    private static bool TryReadEncoding(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null || (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("float"u8)))
        {
            fields.Base64 = false;
            return true;
        }

        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("base64"u8))
        {
            fields.Base64 = true;
            return true;
        }

        error = OpenAiError.InvalidRequest("Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format");
        return false;
    }

    private static bool TryReadDimensions(ref Utf8JsonReader reader, ref Fields fields, out OpenAiError error)
    {
        error = default;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var dimensions)
            && dimensions is >= 1 and <= FakeEmbedding.MaxDimensions)
        {
            fields.Dimensions = dimensions;
            return true;
        }

        error = OpenAiError.InvalidRequest($"Invalid 'dimensions': expected an integer from 1 to {FakeEmbedding.MaxDimensions}.", "dimensions");
        return false;
    }

    private static bool TryValidate(in Fields fields, out OpenAiError error)
    {
        error = fields switch
        {
            { Model: null } => RequestErrors.MissingModel,
            { SawInput: false } => OpenAiError.InvalidRequest("Missing required parameter: 'input'.", "input"),
            _ => default,
        };
        return error == default;
    }
}

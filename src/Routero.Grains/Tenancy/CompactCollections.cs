using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Routero.Tenancy;

/// <summary>
/// How a grain reads its record: as <see cref="GrainContext.RecordJson"/>, except that an empty list or map in
/// the record (most records' <c>models</c>, <c>allow_ips</c> and <c>model_limits</c>) becomes one shared empty
/// instance instead of a new collection per grain. Records are immutable, so sharing is safe; a silo holds
/// hundreds of thousands of grains, and the empties were about a tenth of a key grain's bytes.
/// </summary>
internal static class CompactCollections
{
    /// <summary>The options grains deserialize their records with.</summary>
    public static readonly JsonSerializerOptions RecordJson = new(GrainContext.RecordJson)
    {
        Converters = { new StringListConverter(), new ModelLimitsConverter() },
    };

    /// <summary>The shared empty role map of the organizations grains hold (their roles are read from storage).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoRoles = ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    private sealed class StringListConverter : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected an array of strings.");
            List<string>? items = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                (items ??= []).Add(reader.GetString() ?? throw new JsonException("Expected a string."));
            return items is null ? [] : items.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
    }

    private sealed class ModelLimitsConverter : JsonConverter<IReadOnlyDictionary<string, ModelLimit>>
    {
        public override IReadOnlyDictionary<string, ModelLimit> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected an object of model limits.");
            Dictionary<string, ModelLimit>? limits = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var model = reader.GetString()!;
                reader.Read();
                (limits ??= new(StringComparer.Ordinal))[model] = JsonSerializer.Deserialize<ModelLimit>(ref reader, options)
                    ?? throw new JsonException($"The limits of model '{model}' are null.");
            }
            return limits ?? (IReadOnlyDictionary<string, ModelLimit>)ReadOnlyDictionary<string, ModelLimit>.Empty;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, ModelLimit> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (model, limit) in value)
            {
                writer.WritePropertyName(model);
                JsonSerializer.Serialize(writer, limit, options);
            }
            writer.WriteEndObject();
        }
    }
}

using System.Globalization;
using System.Text.Json;

namespace Routero.FakeProvider.Chat;

/// <summary>Fields every completion object and chunk of one answer repeats.</summary>
internal readonly record struct CompletionHeader(long Id, long Created, string Model)
{
    private static ReadOnlySpan<byte> IdPrefix => "chatcmpl-fake"u8;

    public void Write(Utf8JsonWriter json, ReadOnlySpan<byte> objectType)
    {
        Span<byte> id = stackalloc byte[IdPrefix.Length + 20];
        IdPrefix.CopyTo(id);
        Id.TryFormat(id[IdPrefix.Length..], out var digits, default, CultureInfo.InvariantCulture);
        json.WriteString("id"u8, id[..(IdPrefix.Length + digits)]);
        json.WriteString("object"u8, objectType);
        json.WriteNumber("created"u8, Created);
        json.WriteString("model"u8, Model);
        json.WriteString("system_fingerprint"u8, "fp_fake"u8);
    }
}

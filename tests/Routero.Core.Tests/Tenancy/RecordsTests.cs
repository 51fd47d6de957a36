using System.Text.Json;
using Routero.Tenancy;

namespace Routero.Core.Tests.Tenancy;

/// <summary>The packed fields of records read back exactly what was written, through a with-expression and JSON.</summary>
public sealed class RecordsTests
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(5.75));
    private static readonly DateTimeOffset Updated = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = new(2027, 3, 4, 5, 6, 7, TimeSpan.FromHours(-8));

    private static KeyRecord Key() => new()
    {
        KeyId = "key-1", Token = "ab", KeyName = "sk-...ab", CreatedAt = Created, UpdatedAt = Updated, ExpiresAt = Expires,
        Metadata = JsonDocument.Parse("""{"cost_center":"42"}""").RootElement,
    };

    [Fact]
    public void Timestamps_KeepTheirInstantAndOffset_ThroughJson()
    {
        var back = JsonSerializer.Deserialize<KeyRecord>(JsonSerializer.Serialize(Key(), Json), Json)!;

        Assert.Equal((Created, Updated, Expires), (back.CreatedAt, back.UpdatedAt, back.ExpiresAt!.Value));
        Assert.Equal((Created.Offset, Updated.Offset, Expires.Offset), (back.CreatedAt.Offset, back.UpdatedAt.Offset, back.ExpiresAt.Value.Offset));
        Assert.Equal("42", back.Metadata!.Value.GetProperty("cost_center").GetString());
    }

    [Fact]
    public void AbsentExpiryAndMetadata_StayNull_AndAreLeftOutOfTheJson()
    {
        var sut = Key() with { ExpiresAt = null, Metadata = null };

        var json = JsonSerializer.Serialize(sut, Json);

        Assert.Null(sut.ExpiresAt);
        Assert.Null(sut.Metadata);
        Assert.DoesNotContain("expires_at", json);
        Assert.DoesNotContain("metadata", json);
        Assert.Null(JsonSerializer.Deserialize<KeyRecord>(json, Json)!.ExpiresAt);
    }

    [Fact]
    public void Equality_FollowsTheValues()
    {
        var sut = Key() with { Metadata = null };

        Assert.Equal(sut, sut with { CreatedAt = Created });
        Assert.NotEqual(sut, sut with { UpdatedAt = Updated.AddTicks(1) });
        Assert.NotEqual(sut, sut with { ExpiresAt = null });
        // The same instant written with another offset is another stored record (its JSON differs), so not equal.
        Assert.NotEqual(sut, sut with { CreatedAt = Created.ToOffset(TimeSpan.Zero) });
    }
}

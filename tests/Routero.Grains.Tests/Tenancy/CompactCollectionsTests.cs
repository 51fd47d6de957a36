using System.Text.Json;
using Routero.Tenancy;

namespace Routero.Grains.Tests.Tenancy;

public sealed class CompactCollectionsTests
{
    private static KeyRecord RoundTrip(KeyRecord record) =>
        JsonSerializer.Deserialize<KeyRecord>(JsonSerializer.Serialize(record, GrainContext.RecordJson), CompactCollections.RecordJson)!;

    private static KeyRecord Key() => new() { KeyId = "k", Token = "t", KeyName = "sk-...abcd" };

    [Fact]
    public void Read_EmptyListsAndMaps_ShareOneInstancePerKind()
    {
        var one = RoundTrip(Key());
        var two = RoundTrip(Key());

        Assert.Same(one.Models, two.Models);
        Assert.Same(one.AllowIps, two.AllowIps);
        Assert.Same(one.ModelLimits, two.ModelLimits);
        Assert.Empty(one.ModelLimits);
    }

    [Fact]
    public void Read_FilledListsAndMaps_KeepEveryEntry()
    {
        var record = Key() with
        {
            Models = ["a", "b"],
            AllowIps = ["10.0.0.0/8"],
            ModelLimits = new Dictionary<string, ModelLimit> { ["a"] = new() { RpmLimit = 3, MaxBudget = 1.5m } },
        };

        var sut = RoundTrip(record);

        Assert.Equal(["a", "b"], sut.Models);
        Assert.Equal(["10.0.0.0/8"], sut.AllowIps);
        Assert.Equal(new ModelLimit { RpmLimit = 3, MaxBudget = 1.5m }, Assert.Single(sut.ModelLimits).Value);
        Assert.Equal(JsonSerializer.Serialize(record, GrainContext.RecordJson), JsonSerializer.Serialize(sut, CompactCollections.RecordJson));
    }
}

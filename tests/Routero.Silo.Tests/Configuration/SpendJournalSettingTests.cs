using Routero.Configuration;

namespace Routero.Silo.Tests.Configuration;

public sealed class SpendJournalSettingTests
{
    [Fact]
    public void Embedded_HasAJournal_ByDefault_AndCanTurnItOff()
    {
        Assert.Equal(StorageSettings.DefaultSpendJournalMegabytes * 1024L * 1024, new StorageSettings().SpendJournalBytes());
        Assert.Equal(32L * 1024 * 1024, new StorageSettings { SpendJournalMegabytes = 32 }.SpendJournalBytes());
        Assert.Equal(0, new StorageSettings { SpendJournalMegabytes = 0 }.SpendJournalBytes());
    }

    [Fact]
    public void Cluster_HasNone_AndRefusesOne_NamingTheSetting()
    {
        Assert.Equal(0, new StorageSettings { Kind = "postgres" }.SpendJournalBytes());
        Assert.Equal(0, new StorageSettings { Kind = "postgres", SpendJournalMegabytes = 0 }.SpendJournalBytes());

        var e = Assert.Throws<InvalidOperationException>(() => new StorageSettings { Kind = "postgres", SpendJournalMegabytes = 8 }.SpendJournalBytes());
        Assert.Contains("Routero:Storage:SpendJournalMegabytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1025)]
    public void ASizeOutOfRange_IsRefused_NamingTheSetting(int megabytes)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new StorageSettings { SpendJournalMegabytes = megabytes }.SpendJournalBytes());
        Assert.Contains("Routero:Storage:SpendJournalMegabytes must be from 0 (off) to 1024", e.Message, StringComparison.Ordinal);
    }
}

namespace Routero.Storage.Postgres.Tests;

/// <summary>Options and construction: validation, secrets kept out of messages, the settings the store adds. No server needed.</summary>
public sealed class PostgresStoreOptionsTests
{
    [Fact]
    public void Constructor_EmptyConnectionString_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PostgresStore(new PostgresStoreOptions("")));
    }

    [Fact]
    public void Constructor_ConnectionStringWithoutHost_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PostgresStore(new PostgresStoreOptions("Database=routero")));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("Host=db;Port=abc")]
    [InlineData("Host=db;NoSuchKeyword=1;Password=s3cret")]
    public void Constructor_MalformedConnectionString_ThrowsWithoutQuotingIt(string connectionString)
    {
        var e = Assert.Throws<ArgumentException>(() => new PostgresStore(new PostgresStoreOptions(connectionString)));

        Assert.DoesNotContain("s3cret", e.ToString());
    }

    [Theory]
    [InlineData("Host=db", 64)]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    public async Task Constructor_AutoPrepare_DefaultsOnAndKeepsTheCallersValue(string connectionString, int expected)
    {
        await using var sut = new PostgresStore(new PostgresStoreOptions(connectionString));

        Assert.Equal(expected, sut.Settings.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db", true)]
    [InlineData("Host=db;No Reset On Close=false", false)]
    public async Task Constructor_NoResetOnClose_DefaultsOnAndKeepsTheCallersValue(string connectionString, bool expected)
    {
        await using var sut = new PostgresStore(new PostgresStoreOptions(connectionString));

        Assert.Equal(expected, sut.Settings.NoResetOnClose);
    }

    [Fact]
    public void Options_ToString_MasksThePassword()
    {
        var options = new PostgresStoreOptions("Host=db;Username=routero;Password=s3cret");

        Assert.DoesNotContain("s3cret", options.ToString());
        Assert.Contains("Host=db", options.ToString());
    }
}

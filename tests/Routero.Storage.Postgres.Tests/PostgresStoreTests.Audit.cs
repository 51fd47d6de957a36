using Npgsql;

namespace Routero.Storage.Postgres.Tests;

public sealed partial class PostgresStoreTests
{
    [Theory]
    [InlineData("UPDATE {0} SET actor = 'someone-else'")]
    [InlineData("DELETE FROM {0}")]
    public async Task AuditLog_RewritingARecord_IsRefused(string sql)
    {
        await using var sut = _schema.Open();
        await sut.MigrateAsync();
        var changes = new ChangeSet();
        changes.Audit.Add(new AuditRecord
        {
            Id = "a", Timestamp = T0, Actor = "master_key", Action = "team.new", Operation = "create",
            TargetType = "team", TargetId = "t", RequestId = "r",
        });
        Assert.Equal(CommitResult.Ok, await sut.CommitAsync(changes));

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => TestServer.ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, _schema.Table("audit_log"))));

        Assert.Contains("append-only", refusal.MessageText);
        Assert.Equal("master_key", Assert.Single((await sut.ListAuditAsync(new AuditQuery())).Items).Actor);
    }
}

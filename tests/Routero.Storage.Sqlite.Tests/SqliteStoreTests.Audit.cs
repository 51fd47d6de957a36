using Microsoft.Data.Sqlite;

namespace Routero.Storage.Sqlite.Tests;

public sealed partial class SqliteStoreTests
{
    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'someone-else';")]
    [InlineData("DELETE FROM audit_log;")]
    public async Task AuditLog_RewritingARecord_IsRefused(string sql)
    {
        await using var sut = _database.Open();
        await sut.MigrateAsync();
        var changes = new ChangeSet();
        changes.Audit.Add(new AuditRecord
        {
            Id = "a", Timestamp = T0, Actor = "master_key", Action = "team.new", Operation = "create",
            TargetType = "team", TargetId = "t", RequestId = "r",
        });
        Assert.Equal(CommitResult.Ok, await sut.CommitAsync(changes));

        var refusal = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(sql));

        Assert.Contains("append-only", refusal.Message);
        Assert.Equal("master_key", Assert.Single((await sut.ListAuditAsync(new AuditQuery())).Items).Actor);
    }
}

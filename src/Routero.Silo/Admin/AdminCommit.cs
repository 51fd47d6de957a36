using Routero.Audit;
using Routero.Errors;
using Routero.Hosting;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Admin;

/// <summary>
/// Runs an admin mutation as optimistic read-modify-write: build the change from fresh reads, commit it in
/// one transaction, and on a concurrent change start over from the reads. Nothing is applied unless all is.
/// </summary>
internal static class AdminCommit
{
    private const int MaxAttempts = 4;

    /// <summary>Builds and commits a change; answers what <paramref name="build"/> returned for the committed attempt.</summary>
    public static async Task<T> RunAsync<T>(SiloRuntime runtime, Func<AdminChange, Task<T>> build)
    {
        for (var attempt = 1; ; attempt++)
        {
            var change = new AdminChange(runtime.Time.GetUtcNow());
            var result = await build(change);
            // Every admin change is audited here, once, in its own transaction: no handler can forget it.
            await AuditTrail.AddAsync(runtime, change);
            var outcome = await runtime.Store.CommitAsync(change.Set);
            switch (outcome.Status)
            {
                case CommitStatus.Committed:
                    await change.PublishAsync(runtime);
                    return result;
                case CommitStatus.Duplicate:
                    throw Duplicate(outcome.Kind, outcome.Id);
                case CommitStatus.Conflict when attempt == MaxAttempts:
                    throw new ApiException(ApiError.Conflict(
                        $"The {outcome.Kind?.Name() ?? "object"} '{outcome.Id}' kept changing concurrently; try again.") with { Code = "conflict" });
            }
        }
    }

    /// <summary>The 409 for an id that is taken, naming the id field.</summary>
    public static ApiException Duplicate(EntityKind? kind, string? id)
    {
        var shown = kind is { } k && id is not null ? AdminStore.ShownId(k, id) : id;
        return new(ApiError.Conflict($"A {kind?.Name() ?? "object"} with id '{shown}' already exists.", IdParam(kind)));
    }

    /// <summary>The request field that holds an object's id.</summary>
    public static string IdParam(EntityKind? kind) => kind switch
    {
        EntityKind.Organization => "organization_id",
        EntityKind.Team => "team_id",
        EntityKind.User or EntityKind.Customer => "user_id",
        _ => "key",
    };
}

using Routero.Access;
using Routero.Admin;
using Routero.Hosting;
using Routero.Relay;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Audit;

/// <summary>
/// Turns an admin change into its audit records, added to the change's own <see cref="ChangeSet"/> so storage
/// writes them in the change's transaction: one record per object created, updated or deleted (cascades included)
/// and per membership put or removed, attributed to the caller and the request.
/// </summary>
internal static partial class AuditTrail
{
    /// <summary>Adds the records of <paramref name="change"/>'s storage changes to its change set.</summary>
    public static async Task AddAsync(SiloRuntime runtime, AdminChange change)
    {
        var set = change.Set;
        var audit = new Attribution(change, AdminAccess.Current);
        foreach (var row in set.Inserts) set.Audit.Add(audit.Entity("create", null, row));
        foreach (var row in set.Updates)
        {
            var before = change.Before(row.Kind, row.Id) ?? await runtime.Store.GetAsync(row.Kind, row.Id);
            set.Audit.Add(audit.Entity("update", before, row));
        }
        foreach (var (kind, id) in set.Deletes)
        {
            var before = change.Before(kind, id) ?? await runtime.Store.GetAsync(kind, id);
            if (before is not null) set.Audit.Add(audit.Entity("delete", before, null));
        }
        var memberships = new MembershipReads(runtime, set);
        foreach (var put in set.PutMemberships) set.Audit.Add(await audit.MembershipAsync(memberships, put.ScopeKind, put.ScopeId, put.UserId, put));
        foreach (var (kind, scope, user) in set.DeleteMemberships) set.Audit.Add(await audit.MembershipAsync(memberships, kind, scope, user, null));
    }

    /// <summary>Who, when, which request and which action: what every record of one change shares.</summary>
    private sealed class Attribution(AdminChange change, AdminAccess? access)
    {
        private readonly string _requestId = AdminRequestIds.Current ?? RequestIds.New(change.Now);
        private readonly string? _routeAction = AuditActions.FromRoute(access?.Route);

        public AuditRecord Entity(string operation, StoredEntity? before, StoredEntity? after)
        {
            var row = after ?? before!;
            var (b, a) = AuditValues.Diff(before is null ? null : AuditValues.FieldsOf(before), after is null ? null : AuditValues.FieldsOf(after));
            return Record(operation, AuditTargets.TypeOf(row.Kind), AdminStore.ShownId(row.Kind, row.Id), after?.OrganizationId ?? before?.OrganizationId, b, a);
        }

        public async Task<AuditRecord> MembershipAsync(MembershipReads reads, EntityKind scopeKind, string scopeId, string userId, Membership? after)
        {
            var before = await reads.FindAsync(scopeKind, scopeId, userId);
            var (b, a) = AuditValues.Diff(MembershipFields.Of(before), MembershipFields.Of(after));
            var type = AuditTargets.MembershipTypeOf(scopeKind);
            var operation = after is null ? "delete" : before is null ? "create" : "update";
            return Record(operation, type, AuditTargets.MembershipId(scopeId, userId), await reads.OrganizationOfAsync(scopeKind, scopeId), b, a);
        }

        private AuditRecord Record(string operation, string type, string id, string? organizationId, string? before, string? after) => new()
        {
            Id = Guid.NewGuid().ToString("N"),
            Timestamp = change.Now,
            Actor = access?.CallerName ?? AdminAccess.CurrentCallerName,
            ActorKeyId = access?.Caller.KeyId,
            OrganizationId = organizationId,
            Action = change.Action ?? _routeAction ?? $"{type}.{operation}",
            Operation = operation,
            TargetType = type,
            TargetId = id,
            Before = before,
            After = after,
            RequestId = _requestId,
        };
    }
}

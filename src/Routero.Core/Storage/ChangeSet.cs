using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// Changes that storage applies in one transaction, all or nothing: an admin action never leaves a
/// half-made object behind (a user and its first key, a team and its members, a key and its new hash).
/// </summary>
public sealed class ChangeSet
{
    /// <summary>Objects to create; a duplicate id (or key hash) fails the whole set.</summary>
    public List<StoredEntity> Inserts { get; } = [];
    /// <summary>Objects to replace; each must still be at <c>Version - 1</c>, else the set fails as a conflict.</summary>
    public List<StoredEntity> Updates { get; } = [];
    /// <summary>Objects to delete (with their memberships and budget counters).</summary>
    public List<(EntityKind Kind, string Id)> Deletes { get; } = [];
    /// <summary>Memberships to create or replace.</summary>
    public List<Membership> PutMemberships { get; } = [];
    /// <summary>Memberships to remove.</summary>
    public List<(EntityKind ScopeKind, string ScopeId, string UserId)> DeleteMemberships { get; } = [];
    /// <summary>Audit records of these changes, appended in the same transaction (and only if it commits).</summary>
    public List<AuditRecord> Audit { get; } = [];

    /// <summary>True when there is nothing to do.</summary>
    public bool IsEmpty =>
        Inserts.Count + Updates.Count + Deletes.Count + PutMemberships.Count + DeleteMemberships.Count + Audit.Count == 0;
}

/// <summary>How a <see cref="ChangeSet"/> ended.</summary>
public enum CommitStatus
{
    /// <summary>Applied.</summary>
    Committed,
    /// <summary>An insert collided with an existing id or key hash; nothing was applied.</summary>
    Duplicate,
    /// <summary>An update or delete found the object changed or gone; nothing was applied.</summary>
    Conflict,
}

/// <summary>The outcome of a commit, naming the object at fault.</summary>
public readonly record struct CommitResult(CommitStatus Status, EntityKind? Kind = null, string? Id = null)
{
    /// <summary>The successful outcome.</summary>
    public static readonly CommitResult Ok = new(CommitStatus.Committed);
}

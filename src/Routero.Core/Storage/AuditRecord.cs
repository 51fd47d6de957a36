namespace Routero.Storage;

/// <summary>
/// One audited admin change of one object: who did what to which object, and the values of the fields it
/// changed. Written in the same transaction as the change itself (<see cref="ChangeSet.Audit"/>), so a change
/// that failed left none and a committed one always has its records. Secrets never reach it: the admin facade
/// redacts key hashes, keys and tokens before it builds the record.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Unique id of the record.</summary>
    public required string Id { get; init; }
    /// <summary>When the change happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>Who made it: a user id, or <c>master_key</c>.</summary>
    public required string Actor { get; init; }
    /// <summary>The internal id of the key the actor called with (never its hash), if a virtual key.</summary>
    public string? ActorKeyId { get; init; }
    /// <summary>The organization of the changed object, if any; it decides who may read the record.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>What the actor did (<c>key.generate</c>, <c>team.member_add</c>).</summary>
    public required string Action { get; init; }
    /// <summary>What happened to the object: <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    public required string Operation { get; init; }
    /// <summary>The object's kind (<c>key</c>, <c>team</c>, <c>team_membership</c>, ...).</summary>
    public required string TargetType { get; init; }
    /// <summary>The object's id as the API names it (customers by their own id).</summary>
    public required string TargetId { get; init; }
    /// <summary>The changed fields before the change, as a JSON object; null for a creation.</summary>
    public string? Before { get; init; }
    /// <summary>The changed fields after the change, as a JSON object; null for a deletion.</summary>
    public string? After { get; init; }
    /// <summary>The admin request's id (its <c>x-request-id</c>).</summary>
    public required string RequestId { get; init; }
}

/// <summary>A filter over the audit log; every filter is optional. Results are newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>Only records of this organization.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>
    /// When set, only records of these organizations (records of no organization are then excluded): what a
    /// caller who is not a platform admin may see.
    /// </summary>
    public IReadOnlyCollection<string>? VisibleOrganizationIds { get; init; }
    /// <summary>Only this action.</summary>
    public string? Action { get; init; }
    /// <summary>Only this target type.</summary>
    public string? TargetType { get; init; }
    /// <summary>Only this target id.</summary>
    public string? TargetId { get; init; }
    /// <summary>Only this actor.</summary>
    public string? Actor { get; init; }
    /// <summary>Only this request.</summary>
    public string? RequestId { get; init; }
    /// <summary>From (inclusive).</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Until (exclusive).</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }
    /// <summary>Rows at most (storage caps it at its own maximum page).</summary>
    public int Limit { get; init; } = 50;
}

using Routero.Tenancy;

namespace Routero.Storage;

/// <summary>
/// One tenant object as storage keeps it: the columns that queries filter on, and the record itself as
/// JSON. <see cref="Version"/> starts at 1 and grows by one per update (optimistic concurrency, and the
/// version check that cluster silos use to catch missed change notifications).
/// </summary>
public sealed record StoredEntity
{
    /// <summary>Which kind of object.</summary>
    public required EntityKind Kind { get; init; }
    /// <summary>Id, unique within the kind.</summary>
    public required string Id { get; init; }
    /// <summary>Owning organization, if any.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Owning team, if any (keys).</summary>
    public string? TeamId { get; init; }
    /// <summary>Owning user, if any (keys).</summary>
    public string? UserId { get; init; }
    /// <summary>Alias, for listing filters.</summary>
    public string? Alias { get; init; }
    /// <summary>Keys only: SHA-256 hex of the key; unique across all keys.</summary>
    public string? KeyHash { get; init; }
    /// <summary>The record, serialised.</summary>
    public required string Json { get; init; }
    /// <summary>Version, 1 on insert.</summary>
    public long Version { get; init; } = 1;
    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A user's membership of an organization or a team, with a role.</summary>
public sealed record Membership(EntityKind ScopeKind, string ScopeId, string UserId, string Role, string? TeamId = null);

/// <summary>The persisted counters of one level's budget.</summary>
/// <remarks>
/// A value: a spend batch carries one per level it changed, from the writer through storage to the alert evaluator,
/// which holds them for a pass (a fifth of a second and more); as objects they outlived the youngest generation and
/// piled up in generation 2 as garbage, about two per request (bench/RESULTS.md, 2026-12-07). In the batch's array
/// they are one object per batch.
/// </remarks>
public readonly record struct BudgetCounter(EntityKind Kind, string Id, DateTimeOffset WindowStart, long WindowSpentNanos, long LifetimeSpentNanos);

/// <summary>A query over one kind of object; every filter is optional.</summary>
public sealed record EntityQuery(EntityKind Kind)
{
    /// <summary>Only objects of this organization.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Only objects of this team.</summary>
    public string? TeamId { get; init; }
    /// <summary>Only objects of this user.</summary>
    public string? UserId { get; init; }
    /// <summary>Only objects with this alias.</summary>
    public string? Alias { get; init; }
    /// <summary>Only these ids.</summary>
    public IReadOnlyCollection<string>? Ids { get; init; }
    /// <summary>Rows to skip (ordered by creation, then id).</summary>
    public int Offset { get; init; }
    /// <summary>Rows to return at most.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>One page of results and the total count that matched.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);

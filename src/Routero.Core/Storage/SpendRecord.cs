namespace Routero.Storage;

/// <summary>
/// One relayed request's accounting: who, which model, tokens and exact cost. Journaled (embedded) or committed
/// (cluster) before the request's response completes, and written to storage by the group commit.
/// </summary>
public sealed record SpendRecord
{
    /// <summary>The request id (also sent back as <c>x-request-id</c>).</summary>
    public required string RequestId { get; init; }
    /// <summary>When the request settled.</summary>
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>Internal id of the key.</summary>
    public required string KeyId { get; init; }
    /// <summary>Team of the key, if any.</summary>
    public string? TeamId { get; init; }
    /// <summary>User of the key, if any.</summary>
    public string? UserId { get; init; }
    /// <summary>Organization, if any.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Customer named by the request's <c>user</c> field, if any.</summary>
    public string? CustomerId { get; init; }
    /// <summary>The model (alias) the client asked for.</summary>
    public required string Model { get; init; }
    /// <summary>The deployment that served it.</summary>
    public string? Deployment { get; init; }
    /// <summary>"chat" or "embeddings".</summary>
    public required string CallType { get; init; }
    /// <summary>Prompt tokens (provider's count, or the estimate when <see cref="UsageEstimated"/>).</summary>
    public int PromptTokens { get; init; }
    /// <summary>Completion tokens.</summary>
    public int CompletionTokens { get; init; }
    /// <summary>Cost in nanodollars.</summary>
    public long SpendNanos { get; init; }
    /// <summary>True when the provider reported no usage (client left mid-stream) and the gateway estimated it.</summary>
    public bool UsageEstimated { get; init; }
    /// <summary>HTTP status the client got.</summary>
    public int Status { get; init; }
}

/// <summary>A filter over the spend log.</summary>
public sealed record SpendQuery
{
    /// <summary>Only this key.</summary>
    public string? KeyId { get; init; }
    /// <summary>Only this team.</summary>
    public string? TeamId { get; init; }
    /// <summary>Only this user.</summary>
    public string? UserId { get; init; }
    /// <summary>Only this organization.</summary>
    public string? OrganizationId { get; init; }
    /// <summary>Only this customer.</summary>
    public string? CustomerId { get; init; }
    /// <summary>Only this request.</summary>
    public string? RequestId { get; init; }
    /// <summary>Only this model (the alias the client asked for).</summary>
    public string? Model { get; init; }
    /// <summary>When set, only records this visibility admits (what a caller who is not a platform admin may see).</summary>
    public SpendVisibility? VisibleTo { get; init; }
    /// <summary>From (inclusive).</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Until (exclusive).</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>Rows to skip (newest first).</summary>
    public int Offset { get; init; }
    /// <summary>Rows at most.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>
/// The spend records a caller may see: those of any of these organizations, teams or users (an OR: a team admin
/// who is also a developer sees the team's records and their own). Empty lists admit nothing.
/// </summary>
public sealed record SpendVisibility
{
    /// <summary>Records of these organizations.</summary>
    public IReadOnlyCollection<string> OrganizationIds { get; init; } = [];
    /// <summary>Records of these teams.</summary>
    public IReadOnlyCollection<string> TeamIds { get; init; } = [];
    /// <summary>Records of these users.</summary>
    public IReadOnlyCollection<string> UserIds { get; init; } = [];

    /// <summary>True when it admits no record at all.</summary>
    public bool IsNothing => OrganizationIds.Count + TeamIds.Count + UserIds.Count == 0;
}

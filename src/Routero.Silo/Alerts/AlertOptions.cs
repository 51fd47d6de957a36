namespace Routero.Alerts;

/// <summary>
/// How budget alerts are detected and delivered (section <c>Routero:Alerts</c>). What an organization is alerted
/// about, and where, is its own setting (<c>/config/update</c>); these are the silo's operating limits.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Routero:Alerts";

    /// <summary>Detect and send budget alerts (settings can still be changed when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long one delivery attempt may take before it counts as failed.</summary>
    public int AttemptTimeoutMs { get; set; } = 10_000;

    /// <summary>Attempts per alert and destination, the first included; then the alert is logged and dropped.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles per attempt, with jitter.</summary>
    public int RetryBaseDelayMs { get; set; } = 1_000;

    /// <summary>The longest wait between two attempts.</summary>
    public int RetryMaxDelayMs { get; set; } = 60_000;

    /// <summary>Alerts waiting for one destination at most; more are dropped (a destination that is down must not hoard memory).</summary>
    public int MaxQueuedPerDestination { get; set; } = 100;

    /// <summary>Alerts waiting in the whole silo at most.</summary>
    public int MaxQueued { get; set; } = 10_000;

    /// <summary>Durable spend batches waiting for evaluation at most; past it the oldest are skipped (the next spend of a level re-checks it).</summary>
    public int FeedCapacity { get; set; } = 4_096;

    /// <summary>
    /// How long the evaluator lets durable batches gather before it looks at them. Alerts need seconds, not a wake-up per
    /// spend batch: on a busy silo that wake-up competes with the requests for the same core.
    /// </summary>
    public int EvaluationDelayMs { get; set; } = 200;

    /// <summary>How long a silo keeps an organization's alert settings before reading them again (changes made on another silo take this long at most).</summary>
    public int SettingsCacheSeconds { get; set; } = 10;

    /// <summary>
    /// Lets webhook URLs reach loopback, private and link-local addresses. Off by default: an organization's admin
    /// must not be able to make the gateway post to its own network (metadata services, admin ports).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The attempt timeout.</summary>
    public TimeSpan AttemptTimeout => TimeSpan.FromMilliseconds(AttemptTimeoutMs);

    /// <summary>The first retry delay.</summary>
    public TimeSpan RetryBaseDelay => TimeSpan.FromMilliseconds(RetryBaseDelayMs);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan RetryMaxDelay => TimeSpan.FromMilliseconds(RetryMaxDelayMs);

    /// <summary>The settings cache lifetime.</summary>
    public TimeSpan SettingsCacheLifetime => TimeSpan.FromSeconds(SettingsCacheSeconds);

    /// <summary>The first inconsistent entry, named as configured, or null when all are fine.</summary>
    public string? Problem() =>
        AttemptTimeoutMs < 1 ? Entry(nameof(AttemptTimeoutMs), "must be at least 1")
        : MaxAttempts is < 1 or > 100 ? Entry(nameof(MaxAttempts), "must be from 1 to 100")
        : RetryBaseDelayMs < 1 ? Entry(nameof(RetryBaseDelayMs), "must be at least 1")
        : RetryMaxDelayMs < RetryBaseDelayMs ? Entry(nameof(RetryMaxDelayMs), "must not be below RetryBaseDelayMs")
        : MaxQueuedPerDestination < 1 ? Entry(nameof(MaxQueuedPerDestination), "must be at least 1")
        : MaxQueued < MaxQueuedPerDestination ? Entry(nameof(MaxQueued), "must not be below MaxQueuedPerDestination")
        : FeedCapacity < 1 ? Entry(nameof(FeedCapacity), "must be at least 1")
        : SettingsCacheSeconds < 0 ? Entry(nameof(SettingsCacheSeconds), "must not be negative")
        : EvaluationDelayMs is < 0 or > 60_000 ? Entry(nameof(EvaluationDelayMs), "must be from 0 to 60000")
        : null;

    private static string Entry(string name, string rule) => $"{Section}:{name} {rule}.";
}

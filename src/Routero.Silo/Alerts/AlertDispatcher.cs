namespace Routero.Alerts;

/// <summary>
/// Delivers alerts in the background: one lane per organization and destination, each a loop of its own that sends
/// its queue in order, so a destination that hangs or fails holds up only its own alerts, never another
/// organization's, and never a request. Each delivery gets <see cref="AlertOptions.MaxAttempts"/> attempts with
/// exponential backoff and jitter, then is logged and dropped. Queues are bounded per lane and per silo.
/// </summary>
internal sealed partial class AlertDispatcher(WebhookSender sender, AlertOptions options, AlertStats stats, TimeProvider time, ILogger<AlertDispatcher> logger)
    : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private int _queued;
    private bool _stopping;
    private int _disposed;

    /// <summary>Queues a delivery; false (and logged) when its lane or the silo is full, or the silo is stopping.</summary>
    public bool TryEnqueue(AlertDelivery delivery)
    {
        lock (_lock)
        {
            if (_stopping) return Dropped(delivery, "the silo is stopping");
            _lanes.TryGetValue(delivery.Lane, out var lane);
            if (_queued >= options.MaxQueued) return Dropped(delivery, $"{options.MaxQueued} alerts are waiting in this silo");
            if (lane?.Queue.Count >= options.MaxQueuedPerDestination) return Dropped(delivery, $"{options.MaxQueuedPerDestination} alerts are waiting for it");
            if (lane is null) _lanes[delivery.Lane] = lane = new Lane();
            lane.Queue.Enqueue(delivery);
            _queued++;
            lane.Loop ??= Task.Run(() => RunLaneAsync(delivery.Lane, lane));
        }
        return true;
    }

    private bool Dropped(AlertDelivery delivery, string why)
    {
        stats.Dropped();
        LogQueueFull(delivery.OrganizationId, delivery.Destination.Label, delivery.AlertId, why);
        return false;
    }

    private async Task RunLaneAsync(string key, Lane lane)
    {
        while (true)
        {
            AlertDelivery? next;
            lock (_lock)
            {
                if (!lane.Queue.TryDequeue(out next))
                {
                    // Empty: the lane goes; the next alert for this destination starts a new one.
                    _lanes.Remove(key);
                    return;
                }
            }
            try
            {
                await DeliverAsync(next, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                LogAbandoned(next.OrganizationId, next.Destination.Label, next.AlertId);
            }
            finally
            {
                lock (_lock) _queued--;
            }
        }
    }

    private async Task DeliverAsync(AlertDelivery delivery, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await sender.SendAsync(delivery, ct).ConfigureAwait(false);
            if (outcome.Result == AttemptResult.Delivered)
            {
                stats.Delivered();
                LogDelivered(delivery.OrganizationId, delivery.Destination.Label, delivery.AlertId, attempt);
                return;
            }
            if (outcome.Result == AttemptResult.Rejected || attempt >= options.MaxAttempts)
            {
                stats.Failed();
                LogGaveUp(delivery.OrganizationId, delivery.Destination.Label, delivery.AlertId, attempt, outcome.Reason);
                return;
            }
            var delay = Backoff(attempt, outcome.RetryAfter);
            LogRetrying(delivery.OrganizationId, delivery.Destination.Label, delivery.AlertId, attempt, outcome.Reason, delay);
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/>: the base delay doubled per attempt, capped, with
    /// "equal jitter" (half fixed, half random) so that silos retrying one receiver do not knock in step; never shorter
    /// than a Retry-After the receiver sent, up to the cap.
    /// </summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var cap = options.RetryMaxDelay.Ticks;
        var exponential = Math.Min(cap, options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 30)));
        var jittered = exponential / 2 + (long)(Random.Shared.NextDouble() * (exponential / 2));
        return TimeSpan.FromTicks(Math.Min(cap, Math.Max(jittered, retryAfter?.Ticks ?? 0)));
    }

    /// <summary>Stops every lane: attempts in flight are cancelled, waiting alerts dropped (and counted in the log).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Task[] loops;
        lock (_lock)
        {
            _stopping = true;
            loops = [.. _lanes.Values.Select(l => l.Loop).OfType<Task>()];
            var waiting = _lanes.Values.Sum(l => l.Queue.Count);
            if (waiting > 0) LogDroppedAtStop(waiting);
            foreach (var lane in _lanes.Values) lane.Queue.Clear();
        }
        // Outside the lock: cancelling runs the lanes' continuations, which take it.
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        sender.Dispose();
        _stop.Dispose();
    }

    private sealed class Lane
    {
        public Queue<AlertDelivery> Queue { get; } = new();
        public Task? Loop { get; set; }
    }
}

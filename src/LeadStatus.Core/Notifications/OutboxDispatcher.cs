using LeadStatus.Internal;
using LeadStatus.Labels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadStatus.Notifications;

/// <summary>
/// Delivers the notification outbox through every registered <see cref="INotifier"/>, in the background, never on the caller's path.
/// </summary>
/// <remarks>
/// <para>
/// Loop: claim up to <see cref="NotificationOptions.BatchSize"/> due rows (<see cref="ClaimOrder"/>: fair across businesses) under a
/// lease of <see cref="NotificationOptions.LeaseDuration"/>, format each, call every notifier that has not delivered it yet (each call
/// bounded by <see cref="NotificationOptions.AttemptTimeout"/>, whatever the notifier does with its token), then record the whole
/// batch's results in one statement. While anything was claimed the dispatcher claims again at once; otherwise it waits for a wake-up
/// from the store or <see cref="NotificationOptions.PollInterval"/>. Delivered rows older than
/// <see cref="NotificationOptions.RetentionPeriod"/> are purged at most once an hour.
/// </para>
/// <para>
/// Delivery is at least once, with state per notifier: a notifier that delivered a row is not called again for it; each notifier has
/// its own attempts, back-off and dead state. The lease's database deadline and the local one come from one clock reading, and the
/// lease is renewed before a row whose calls could outlast it. When the host stops (or a batch fails on a database error) the rows
/// not finished are released at once, not left to their lease, and the claim does not count as an attempt. A row claimed more than
/// <see cref="NotificationOptions.MaxAttempts"/> times without a recorded result (a process that died delivering it) is dead as poison.
/// </para>
/// <para>
/// An outbox error (a store outage) never stops the host: it is logged and the loop backs off exponentially from
/// <see cref="NotificationOptions.PollInterval"/> up to a minute (or the poll interval when that is longer), with equal jitter.
/// </para>
/// </remarks>
internal sealed partial class OutboxDispatcher : BackgroundService
{
    /// <summary>The longest error text kept in the outbox.</summary>
    internal const int MaxErrorLength = 2000;

    /// <summary>How often delivered rows are purged.</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    /// <summary>The lease a row must have left beyond its notifier calls' timeouts, else the lease is renewed first.</summary>
    internal static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    /// <summary>How long recording a batch's results may take when the host is stopping.</summary>
    private static readonly TimeSpan CompleteTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MaxOutboxErrorDelay = TimeSpan.FromMinutes(1);

    private readonly INotificationOutbox _outbox;
    private readonly INotifier[] _notifiers;
    private readonly string[] _names;
    private readonly FallbackPlan _fallbacks;
    private readonly INotificationFormatter _formatter;
    private readonly INotificationPreferencesProvider _preferences;
    private readonly StatusCatalogCache _catalogs;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset? _lastPurge;
    private long _idleClaims;

    public OutboxDispatcher(
        INotificationOutbox outbox,
        IEnumerable<INotifier> notifiers,
        INotificationFormatter formatter,
        INotificationPreferencesProvider preferences,
        StatusCatalogCache catalogs,
        IOptions<LeadStatusOptions> options,
        TimeProvider time,
        IEnumerable<NotifierFallback> fallbacks,
        ILoggerFactory? loggerFactory = null)
    {
        _outbox = outbox;
        _notifiers = [.. notifiers];
        _names = NotifierNames.Of(_notifiers);
        _fallbacks = new FallbackPlan(_notifiers, fallbacks);
        _formatter = formatter;
        _preferences = preferences;
        _catalogs = catalogs;
        _options = options.Value.Notifications;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
    }

    /// <summary>Gets the id this dispatcher leases rows under; one per instance.</summary>
    public Guid DispatcherId { get; } = Guid.NewGuid();

    /// <summary>Gets how many claims found nothing to do: a test waits for it to grow to know the dispatcher is idle.</summary>
    internal long IdleClaims => Interlocked.Read(ref _idleClaims);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled)
        {
            Log.DispatcherDisabled(_logger);
            return;
        }

        if (_notifiers.Length == 0)
        {
            // Leave the rows pending: claiming them would count claims, acknowledging them would lose them.
            Log.NoNotifiers(_logger);
            return;
        }

        Log.DispatcherStarted(_logger, DispatcherId, _notifiers.Length, _options.BatchSize);
        var consecutiveFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeIfDueAsync(stoppingToken).ConfigureAwait(false);
                var claimed = await DispatchBatchAsync(stoppingToken).ConfigureAwait(false);
                consecutiveFailures = 0;
                if (claimed == 0)
                {
                    Interlocked.Increment(ref _idleClaims);
                    await _outbox.WaitForWorkAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The dispatcher must outlive any store outage; the error is logged and retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                consecutiveFailures++;
                var delay = OutboxErrorDelay(consecutiveFailures);
                Log.OutboxError(_logger, ex, DispatcherId, consecutiveFailures, delay);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Claims one batch, delivers it and records it; returns how many rows were claimed.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        // One clock reading for the lease the database records and the deadline this dispatcher keeps.
        var now = _time.GetUtcNow();
        var leaseUntil = now + _options.LeaseDuration;
        var batch = await _outbox.ClaimAsync(DispatcherId, _options.BatchSize, _options.MaxAttempts, now, leaseUntil, stoppingToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        var work = new List<ClaimedRow>(batch.Count);
        foreach (var row in batch)
        {
            if (row.Poisoned)
            {
                Log.NotificationPoisoned(_logger, row.Message.NotificationId, row.Message.BusinessId, row.Message.LeadId, row.Claims - 1);
                Count("dead", row.Message.Source);
            }
            else
            {
                work.Add(row);
            }
        }

        var outcomes = new List<RowOutcome>(work.Count);
        var lost = new HashSet<OutboxKey>();
        var handled = new HashSet<OutboxKey>();
        var preferences = new Dictionary<long, NotificationPreferences?>();
        var inFlight = new List<Task<List<RowOutcome>>>();
        using var slots = new SemaphoreSlim(_options.MaxParallelDeliveries);
        try
        {
            for (var i = 0; i < work.Count && !stoppingToken.IsCancellationRequested; i++)
            {
                var row = work[i];
                if (lost.Contains(row.Key) || handled.Contains(row.Key))
                {
                    continue;
                }

                var business = await PreferencesAsync(row.Message.BusinessId, preferences, stoppingToken).ConfigureAwait(false);
                var at = _time.GetUtcNow();
                List<ClaimedRow> unit = [row];
                DigestPeriod? digest = null;
                if (business?.DigestInterval is { } interval)
                {
                    var period = DigestPeriod.Of(row.Message.ChangedAt, interval);
                    if (at < period.End)
                    {
                        // Gathered until the period ends; then its changes go out as one digest.
                        Hold([row], period.End, outcomes, handled);
                        continue;
                    }

                    digest = period;
                    unit = await GatherDigestAsync(work, i, period, interval, at, leaseUntil, lost, handled, stoppingToken).ConfigureAwait(false);
                }

                if (business?.QuietHours?.EndOfWindowAt(at) is { } until)
                {
                    Hold(unit, until, outcomes, handled);
                    continue;
                }

                // A free delivery slot first, then the lease: the lease then covers this unit's calls and those still in flight.
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    // The slot came free because the host is stopping: start nothing more.
                    slots.Release();
                    break;
                }

                try
                {
                    leaseUntil = await EnsureLeaseAsync(work, leaseUntil, lost, stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                unit.RemoveAll(r => lost.Contains(r.Key));
                if (unit.Count == 0)
                {
                    slots.Release();
                    continue;
                }

                handled.UnionWith(unit.Select(r => r.Key));
                inFlight.Add(RunAsync(digest, unit, slots, stoppingToken));
            }
        }
        finally
        {
            foreach (var delivery in inFlight)
            {
                outcomes.AddRange(await delivery.ConfigureAwait(false));
            }

            // Rows not tried (stopping, or an error above) are released now rather than left to their lease.
            var done = outcomes.Select(o => o.Key).ToHashSet();
            foreach (var row in work)
            {
                if (!done.Contains(row.Key) && !lost.Contains(row.Key))
                {
                    outcomes.Add(RowOutcome.Release(row));
                }
            }

            await CompleteAsync(work, outcomes).ConfigureAwait(false);
        }

        return batch.Count;
    }

    /// <summary>Renews the lease of the batch's rows when the next unit's calls could outlast it.</summary>
    private async Task<DateTimeOffset> EnsureLeaseAsync(
        List<ClaimedRow> work, DateTimeOffset leaseUntil, HashSet<OutboxKey> lost, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var needed = (_options.AttemptTimeout * _notifiers.Length) + LeaseMargin;
        if (leaseUntil - now >= needed)
        {
            return leaseUntil;
        }

        var until = now + (needed > _options.LeaseDuration ? needed : _options.LeaseDuration);
        var keys = work.Select(r => r.Key).Where(k => !lost.Contains(k)).ToList();
        var held = await _outbox.RenewAsync(DispatcherId, keys, until, stoppingToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            if (!held.Contains(key))
            {
                lost.Add(key);
            }
        }

        return until;
    }

    /// <summary>Records the batch in one statement (even while stopping: an acknowledgement is what prevents a redelivery).</summary>
    private async Task CompleteAsync(List<ClaimedRow> work, List<RowOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CompleteTimeout);
        var held = await _outbox.CompleteAsync(DispatcherId, outcomes, timeout.Token).ConfigureAwait(false);
        var released = outcomes.Count(o => o.Released);
        if (released > 0)
        {
            Log.BatchReleased(_logger, DispatcherId, released);
        }

        var rows = work.ToDictionary(r => r.Key);
        foreach (var outcome in outcomes)
        {
            var message = rows[outcome.Key].Message;
            if (!held.Contains(outcome.Key))
            {
                Log.LeaseLost(_logger, DispatcherId, message.NotificationId);
                continue;
            }

            if (outcome.Released)
            {
                continue;
            }

            switch (outcome.State)
            {
                case OutboxState.Delivered:
                    Log.NotificationDelivered(_logger, message.NotificationId, message.EventId, message.BusinessId, message.LeadId, _notifiers.Length, outcome.Attempts);
                    Count("delivered", message.Source);
                    break;
                case OutboxState.Dead:
                    Log.NotificationDead(_logger, message.NotificationId, message.BusinessId, message.LeadId, outcome.Attempts, outcome.LastError);
                    Count("dead", message.Source);
                    break;
                default:
                    if (outcome.AttemptFailed)
                    {
                        Log.NotificationFailed(_logger, message.NotificationId, message.BusinessId, message.LeadId, outcome.Attempts, _options.MaxAttempts, outcome.NextAttemptAt, outcome.LastError ?? string.Empty);
                        Count("failed", message.Source);
                    }

                    break;
            }
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_lastPurge is { } last && now - last < PurgeInterval)
        {
            return;
        }

        _lastPurge = now;
        var deliveredBefore = now - _options.RetentionPeriod;
        var purged = await _outbox.PurgeDeliveredAsync(deliveredBefore, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            Log.OutboxPurged(_logger, purged, deliveredBefore);
        }
    }

    /// <summary>Formats the errors of one attempt as <c>Component: ExceptionType: message</c>, joined and truncated.</summary>
    internal static string Describe(IReadOnlyList<(string Component, Exception Error)> errors)
    {
        var text = string.Join(" | ", errors.Select(e => $"{e.Component}: {e.Error.GetType().FullName}: {e.Error.Message}"));
        return text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength - 1), "…");
    }

    /// <summary>Back-off after consecutive outbox errors: equal jitter over <c>min(cap, PollInterval × 2^(n−1))</c>, never zero.</summary>
    private TimeSpan OutboxErrorDelay(int consecutiveFailures)
    {
        var cap = _options.PollInterval > MaxOutboxErrorDelay ? _options.PollInterval : MaxOutboxErrorDelay;
        var ceiling = RetryDelay.Ceiling(consecutiveFailures, _options.PollInterval, cap);
        return (ceiling / 2) + RetryDelay.Compute(1, ceiling / 2, ceiling, Jitter());
    }

#pragma warning disable CA5394 // Jitter, not security.
    private static double Jitter() => Random.Shared.NextDouble();
#pragma warning restore CA5394

    private static void Count(string result, string source) => LeadStatusTelemetry.Notifications.Add(
        1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("source", source));
}

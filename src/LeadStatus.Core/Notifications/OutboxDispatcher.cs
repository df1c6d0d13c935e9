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
/// Loop: claim up to <see cref="NotificationOptions.BatchSize"/> due rows under a lease of <see cref="NotificationOptions.LeaseDuration"/>,
/// format each, call every notifier, then acknowledge (delivered) or record the failure (retry with back-off, or dead after
/// <see cref="NotificationOptions.MaxAttempts"/>). A full batch is followed by another claim at once; otherwise the dispatcher waits for
/// a wake-up from the store or <see cref="NotificationOptions.PollInterval"/>. Delivered rows older than
/// <see cref="NotificationOptions.RetentionPeriod"/> are purged at most once an hour.
/// </para>
/// <para>
/// Delivery is at least once. A row is delivered when every notifier succeeded in the same attempt; when one throws, the whole row
/// is retried and every notifier is called again (so a notifier that succeeded sees it twice, with the same
/// <see cref="StatusChangeNotification.NotificationId"/>). When the host stops, no new batch is claimed, the notifier in flight is
/// cancelled, and the rows claimed but not acknowledged are left alone — not counted as failed — until their lease expires and a
/// dispatcher (another instance, or this one after a restart) claims them again. A notifier call is also cancelled when the batch's
/// lease runs out, since another dispatcher may then claim the row; that counts as a failed attempt.
/// </para>
/// <para>
/// An outbox error (a store outage) never stops the host: it is logged and the loop backs off exponentially from
/// <see cref="NotificationOptions.PollInterval"/> up to a minute (or the poll interval when that is longer), with equal jitter.
/// </para>
/// </remarks>
internal sealed class OutboxDispatcher : BackgroundService
{
    /// <summary>The longest error text kept in the outbox.</summary>
    internal const int MaxErrorLength = 2000;

    /// <summary>How often delivered rows are purged.</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan MaxOutboxErrorDelay = TimeSpan.FromMinutes(1);

    private readonly INotificationOutbox _outbox;
    private readonly INotifier[] _notifiers;
    private readonly INotificationFormatter _formatter;
    private readonly StatusCatalogCache _catalogs;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset? _lastPurge;

    public OutboxDispatcher(
        INotificationOutbox outbox,
        IEnumerable<INotifier> notifiers,
        INotificationFormatter formatter,
        StatusCatalogCache catalogs,
        IOptions<LeadStatusOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        _outbox = outbox;
        _notifiers = [.. notifiers];
        _formatter = formatter;
        _catalogs = catalogs;
        _options = options.Value.Notifications;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
    }

    /// <summary>Gets the id this dispatcher leases rows under; one per instance.</summary>
    public Guid DispatcherId { get; } = Guid.NewGuid();

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
            // Leave the rows pending: claiming them would burn attempts, acknowledging them would lose them.
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
                if (claimed < _options.BatchSize)
                {
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

    /// <summary>Claims one batch and delivers it; returns how many rows were claimed.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var batch = await _outbox.ClaimAsync(DispatcherId, _options.BatchSize, now, now + _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Work on a row only while this dispatcher holds its lease: after that another dispatcher may claim it.
        using var lease = new CancellationTokenSource(_options.LeaseDuration, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Token);
        for (var i = 0; i < batch.Count; i++)
        {
            if (linked.IsCancellationRequested || !await DeliverAsync(batch[i], linked.Token, stoppingToken).ConfigureAwait(false))
            {
                // Stopping (or the lease ran out): the rest of the batch is reclaimed when the lease expires.
                Log.BatchAbandoned(_logger, DispatcherId, batch.Count - i);
                break;
            }
        }

        return batch.Count;
    }

    /// <summary>Delivers one row; returns false when the host is stopping and the row was abandoned to its lease.</summary>
    private async Task<bool> DeliverAsync(ClaimedRow row, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        var message = row.Message;
        List<(string Component, Exception Error)>? errors = null;
        StatusChangeNotification? notification = null;
        try
        {
            notification = await BuildAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // A formatter or catalog error is a failed attempt, retried like a notifier's.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors = [(_formatter.GetType().Name, ex)];
        }

        if (notification is not null)
        {
            foreach (var notifier in _notifiers)
            {
                try
                {
                    await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutdown is not the notifier's failure: do not burn an attempt; the lease hands the row on.
                    return false;
                }
                catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
                {
                    (errors ??= []).Add((notifier.GetType().Name, new TimeoutException(
                        $"The notifier did not complete within the lease of {_options.LeaseDuration}.", ex)));
                }
#pragma warning disable CA1031 // Any notifier error is a failed attempt; the other notifiers still get the notification.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    (errors ??= []).Add((notifier.GetType().Name, ex));
                }
            }
        }

        // Acknowledge even while stopping: the notifiers already have it, and an acknowledgement is what prevents a redelivery.
        if (errors is null)
        {
            await AcknowledgeAsync(row).ConfigureAwait(false);
        }
        else
        {
            await RecordFailureAsync(row, errors).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<StatusChangeNotification> BuildAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        string? previousLabel = null;
        if (message.PreviousStatusId is { } previousId)
        {
            try
            {
                var catalog = await _catalogs.GetAsync(message.BusinessId, cancellationToken).ConfigureAwait(false);
                previousLabel = catalog.FindLabel(previousId) ?? previousId;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A label is cosmetic: an unreadable catalog must not hold the notification back.
                Log.PreviousLabelUnavailable(_logger, ex, message.BusinessId, message.NotificationId);
                previousLabel = previousId;
            }
        }

        var unformatted = message.ToNotification(previousLabel);
        var text = _formatter.Format(unformatted);
        return unformatted with { Title = text.Title ?? string.Empty, Body = text.Body ?? string.Empty };
    }

    private async Task AcknowledgeAsync(ClaimedRow row)
    {
        var message = row.Message;
        if (!await _outbox.MarkDeliveredAsync(message.BusinessId, message.Id, DispatcherId, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
        {
            Log.LeaseLost(_logger, DispatcherId, message.NotificationId);
            return;
        }

        Log.NotificationDelivered(_logger, message.NotificationId, message.EventId, message.BusinessId, message.LeadId, _notifiers.Length, row.Attempts);
        Count("delivered", message.Source);
    }

    private async Task RecordFailureAsync(ClaimedRow row, List<(string Component, Exception Error)> errors)
    {
        var message = row.Message;
        var dead = row.Attempts >= _options.MaxAttempts;
        DateTimeOffset? retryAt = dead
            ? null
            : _time.GetUtcNow() + RetryDelay.Compute(row.Attempts, _options.InitialRetryDelay, _options.MaxRetryDelay, Jitter());
        if (!await _outbox.MarkFailedAsync(message.BusinessId, message.Id, DispatcherId, Describe(errors), retryAt, CancellationToken.None).ConfigureAwait(false))
        {
            Log.LeaseLost(_logger, DispatcherId, message.NotificationId);
            return;
        }

        var exception = errors.Count == 1 ? errors[0].Error : new AggregateException(errors.Select(e => e.Error));
        if (retryAt is { } at)
        {
            Log.NotificationFailed(_logger, exception, message.NotificationId, message.BusinessId, message.LeadId, row.Attempts, _options.MaxAttempts, at);
            Count("failed", message.Source);
        }
        else
        {
            Log.NotificationDead(_logger, exception, message.NotificationId, message.BusinessId, message.LeadId, row.Attempts);
            Count("dead", message.Source);
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

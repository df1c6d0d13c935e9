using LeadStatus.Internal;

namespace LeadStatus.Notifications;

/// <content>Delivering one unit: formatting, calling each notifier that still needs it under the attempt timeout.</content>
internal sealed partial class OutboxDispatcher
{
    /// <summary>Delivers one unit (a row, or a digest's rows) in a delivery slot, which it frees when done; never throws.</summary>
    private async Task<List<RowOutcome>> RunAsync(DigestPeriod? digest, List<ClaimedRow> unit, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            return digest is { } period
                ? await DeliverDigestAsync(unit, period, stoppingToken).ConfigureAwait(false)
                : [await DeliverAsync(unit[0], message => BuildAsync(message, stoppingToken), stoppingToken).ConfigureAwait(false)];
        }
#pragma warning disable CA1031 // Whatever went wrong, the unit's rows are released with the batch rather than lost to their lease.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Delivers one row through the notifiers that still need it; a release when the host stopped meanwhile.</summary>
    private async Task<RowOutcome> DeliverAsync(ClaimedRow row, Func<OutboxMessage, Task<StatusChangeNotification>> build, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var states = RowOutcomes.Current(row, _names);
        List<(string Component, Exception Error)>? errors = null;
        StatusChangeNotification? notification = null;
        try
        {
            notification = await build(row.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return RowOutcome.Release(row);
        }
#pragma warning disable CA1031 // A formatter or catalog error is a failed attempt of every notifier due, retried like theirs.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors = [(_formatter.GetType().Name, ex)];
        }

        var anySucceeded = false;
        for (var i = 0; i < _notifiers.Length; i++)
        {
            if (states[i].State != OutboxState.Pending || _fallbacks.Skip(i, states) || states[i].NextAttemptAt > now)
            {
                continue;
            }

            if (notification is null)
            {
                states[i] = RowOutcomes.Failed(states[i], Describe(errors!), now, _options, Jitter());
                continue;
            }

            var error = await CallAsync(_notifiers[i], notification, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested && error is OperationCanceledException)
            {
                // Shutdown is not the notifier's failure: release the row, keeping what already succeeded.
                return RowOutcomes.Interrupted(row, states, anySucceeded);
            }

            if (error is null)
            {
                states[i] = RowOutcomes.Succeeded(states[i], _time.GetUtcNow());
                anySucceeded = true;
            }
            else
            {
                (errors ??= []).Add((_notifiers[i].GetType().Name, error));
                states[i] = RowOutcomes.Failed(states[i], Describe([(_notifiers[i].GetType().Name, error)]), _time.GetUtcNow(), _options, Jitter());
            }
        }

        return RowOutcomes.Combine(row, states, errors is null ? null : Describe(errors), _time.GetUtcNow(), _fallbacks.Effective(states));
    }

    /// <summary>Calls one notifier under the attempt timeout; returns its error, or null when it succeeded.</summary>
    private async Task<Exception?> CallAsync(INotifier notifier, StatusChangeNotification notification, CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task call;
        try
        {
            call = notifier.NotifyAsync(notification, attempt.Token);
        }
#pragma warning disable CA1031 // A notifier that throws synchronously failed its attempt like one that faults its task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }

        try
        {
            // The dispatcher's own deadline: a notifier that ignores its token cannot hold the batch (or the lease) past it.
            await call.WaitAsync(_options.AttemptTimeout, _time, stoppingToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException ex) when (!call.IsCompleted)
        {
            await attempt.CancelAsync().ConfigureAwait(false);
            return new TimeoutException($"The notifier did not complete within the attempt timeout of {_options.AttemptTimeout}.", ex);
        }
        catch (OperationCanceledException ex) when (stoppingToken.IsCancellationRequested)
        {
            await attempt.CancelAsync().ConfigureAwait(false);
            return ex;
        }
#pragma warning disable CA1031 // Any notifier error is a failed attempt; the other notifiers still get the notification.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private async Task<StatusChangeNotification> BuildAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var unformatted = await BuildChangeAsync(message, cancellationToken).ConfigureAwait(false);
        var text = _formatter.Format(unformatted);
        return unformatted with { Title = text.Title ?? string.Empty, Body = text.Body ?? string.Empty };
    }

    /// <summary>Builds a change's notification with its labels, before formatting.</summary>
    private async Task<StatusChangeNotification> BuildChangeAsync(OutboxMessage message, CancellationToken cancellationToken)
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

        return message.ToNotification(previousLabel);
    }
}

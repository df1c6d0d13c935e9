namespace LeadStatus;

/// <summary>
/// Delivers a status change notification to a business's users (push, e-mail, in-app, ...).
/// </summary>
/// <remarks>
/// Delivery is at least once: after a crash or a failed acknowledgement the same notification can arrive again
/// with the same <see cref="StatusChangeNotification.NotificationId"/>; de-duplicate on it. Throwing schedules a retry
/// with exponential back-off; after <c>MaxAttempts</c> the notification is marked dead with the last error.
/// </remarks>
public interface INotifier
{
    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The change and its formatted text.</param>
    /// <param name="cancellationToken">A token that is cancelled when the host stops (the notification is then delivered again later) or when the dispatcher's lease on it runs out.</param>
    /// <returns>A task that completes when the notification has been handed over.</returns>
    Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default);
}

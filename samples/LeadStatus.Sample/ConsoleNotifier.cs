using System.Collections.Concurrent;

namespace LeadStatus.Sample;

/// <summary>Shows each delivered notification on the console, as a host's push or e-mail notifier would send it.</summary>
internal sealed class ConsoleNotifier : INotifier
{
    private readonly ConcurrentDictionary<Guid, StatusChangeNotification> _delivered = new();

    public int DeliveredCount => _delivered.Count;

    public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
    {
        // De-duplicate on NotificationId: delivery is at-least-once.
        if (_delivered.TryAdd(notification.NotificationId, notification))
        {
            Output.Notification(notification);
        }

        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;

namespace LeadStatus.Sample;

/// <summary>
/// Keeps each delivered notification, as a host's push or e-mail notifier would send it, so the sample can print it with the
/// scenario that caused it: the dispatcher delivers in the background, whenever it gets to it.
/// </summary>
internal sealed class ConsoleNotifier : INotifier
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<StatusChangeNotification>> _byEvent = new();
    private readonly ConcurrentDictionary<Guid, byte> _delivered = new();

    public int DeliveredCount => _delivered.Count;

    public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
    {
        // De-duplicate on NotificationId: delivery is at-least-once.
        if (_delivered.TryAdd(notification.NotificationId, 0))
        {
            Signal(notification.EventId).TrySetResult(notification);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until the notification of <paramref name="eventId"/> is delivered; null when it is not within <paramref name="timeout"/>.</summary>
    public async Task<StatusChangeNotification?> WaitForAsync(long eventId, TimeSpan timeout)
    {
        try
        {
            return await Signal(eventId).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private TaskCompletionSource<StatusChangeNotification> Signal(long eventId) =>
        _byEvent.GetOrAdd(eventId, _ => new TaskCompletionSource<StatusChangeNotification>(TaskCreationOptions.RunContinuationsAsynchronously));
}

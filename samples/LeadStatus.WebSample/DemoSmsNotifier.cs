using System.Collections.Concurrent;

namespace LeadStatus.WebSample;

/// <summary>
/// In-memory demo only: stands in for an SMS gateway that refuses the first attempts at the unreachable demo lead's number
/// (its status-change notifications), so that notification dies (the demo gives each notifier
/// <see cref="FailuresPerNotification"/> attempts) and the dashboard's notifications page has a dead row to show; requeued,
/// the next attempt is delivered.
/// </summary>
internal sealed class DemoSmsNotifier : INotifier
{
    /// <summary>How many attempts at each of the unreachable lead's notifications fail: the demo's attempts per notifier.</summary>
    public const int FailuresPerNotification = 2;

    /// <summary>The error of a refused attempt (its markup must show as text on the dashboard).</summary>
    public const string Error = "SMS gateway refused +972-50-000-0000: <unreachable> & retry later";

    private readonly ConcurrentDictionary<Guid, int> _attempts = new();

    public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
    {
        if (notification.LeadId == DemoHistory.UnreachableLead && notification.Kind == NotificationKind.StatusChanged
            && _attempts.AddOrUpdate(notification.NotificationId, 1, (_, n) => n + 1) <= FailuresPerNotification)
        {
            throw new HttpRequestException(Error);
        }

        return Task.CompletedTask;
    }
}

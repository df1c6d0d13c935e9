namespace LeadStatus.WebSample;

/// <summary>Stands in for a host's push or e-mail notifier: logs each delivered notification once.</summary>
internal sealed partial class LoggingNotifier(ILogger<LoggingNotifier> logger) : INotifier
{
    public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
    {
        Delivered(logger, notification.NotificationId, notification.BusinessId, notification.LeadId, notification.Body);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Notification {NotificationId} for business {BusinessId}, lead {LeadId}: {Body}")]
    private static partial void Delivered(ILogger logger, Guid notificationId, long businessId, long leadId, string body);
}

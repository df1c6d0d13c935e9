using Microsoft.Extensions.Logging;

namespace LeadStatus.Internal;

/// <summary>The notification events (2xxx). Never the summary text; notification ids, lead ids and errors only.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Delivered notification {NotificationId} (event {EventId}) for lead {LeadId} in business {BusinessId} to {NotifierCount} notifier(s) on attempt {Attempt}")]
    public static partial void NotificationDelivered(ILogger logger, Guid notificationId, long eventId, long businessId, long leadId, int notifierCount, int attempt);

    [LoggerMessage(2002, LogLevel.Warning, "Delivery of notification {NotificationId} for lead {LeadId} in business {BusinessId} failed on attempt {Attempt} (each notifier gets {MaxAttempts}); retrying at {RetryAt}: {Error}")]
    public static partial void NotificationFailed(ILogger logger, Guid notificationId, long businessId, long leadId, int attempt, int maxAttempts, DateTimeOffset retryAt, string error);

    [LoggerMessage(2003, LogLevel.Error, "Notification {NotificationId} for lead {LeadId} in business {BusinessId} is dead after {Attempt} attempts; the last error is kept in the outbox: {Error}")]
    public static partial void NotificationDead(ILogger logger, Guid notificationId, long businessId, long leadId, int attempt, string? error);

    [LoggerMessage(2004, LogLevel.Warning, "No INotifier is registered: notifications stay pending in the outbox until a notifier is added with AddNotifier<T>()")]
    public static partial void NoNotifiers(ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "The notification dispatcher is disabled in this process (LeadStatusOptions.Notifications.DispatcherEnabled is false)")]
    public static partial void DispatcherDisabled(ILogger logger);

    [LoggerMessage(2006, LogLevel.Debug, "Notification dispatcher {DispatcherId} started with {NotifierCount} notifier(s), batches of {BatchSize}")]
    public static partial void DispatcherStarted(ILogger logger, Guid dispatcherId, int notifierCount, int batchSize);

    [LoggerMessage(2007, LogLevel.Error, "The notification outbox failed ({ConsecutiveFailures} in a row); dispatcher {DispatcherId} retries in {Delay}")]
    public static partial void OutboxError(ILogger logger, Exception exception, Guid dispatcherId, int consecutiveFailures, TimeSpan delay);

    [LoggerMessage(2008, LogLevel.Warning, "Dispatcher {DispatcherId} lost the lease of notification {NotificationId} before acknowledging it; another dispatcher may deliver it again")]
    public static partial void LeaseLost(ILogger logger, Guid dispatcherId, Guid notificationId);

    [LoggerMessage(2009, LogLevel.Debug, "Purged {Count} delivered notification(s) delivered before {DeliveredBefore}")]
    public static partial void OutboxPurged(ILogger logger, int count, DateTimeOffset deliveredBefore);

    [LoggerMessage(2010, LogLevel.Warning, "Could not read the status catalog of business {BusinessId} to label the previous status of notification {NotificationId}; using the status id")]
    public static partial void PreviousLabelUnavailable(ILogger logger, Exception exception, long businessId, Guid notificationId);

    [LoggerMessage(2011, LogLevel.Debug, "Dispatcher {DispatcherId} released {Released} claimed notification(s) it did not finish (the host is stopping or the batch failed); any dispatcher may claim them now")]
    public static partial void BatchReleased(ILogger logger, Guid dispatcherId, int released);

    [LoggerMessage(2012, LogLevel.Error, "Notification {NotificationId} for lead {LeadId} in business {BusinessId} is dead as poison: it was claimed {Claims} times without a recorded result (a process may have died delivering it)")]
    public static partial void NotificationPoisoned(ILogger logger, Guid notificationId, long businessId, long leadId, int claims);

    [LoggerMessage(2013, LogLevel.Debug, "Notification {NotificationId} of business {BusinessId} is held by the business's quiet hours until {Until}")]
    public static partial void NotificationHeld(ILogger logger, Guid notificationId, long businessId, DateTimeOffset until);

    [LoggerMessage(2014, LogLevel.Warning, "Could not read the notification preferences of business {BusinessId}; delivering without quiet hours")]
    public static partial void PreferencesUnavailable(ILogger logger, Exception exception, long businessId);
}

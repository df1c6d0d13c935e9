using Microsoft.Extensions.Logging;

namespace LeadStatus.Dashboard.Internal;

/// <summary>The dashboard's log messages (event ids 4100–4199).</summary>
internal static partial class DashboardLog
{
    public const string Category = "LeadStatus.Dashboard";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "The LeadStatus dashboard at {Pattern} refuses every request: no one may see any business yet. Configure it with " +
                  "services.AddLeadStatusDashboard(o => o.VisibleBusinesses = http => /* the business ids this user may see */) " +
                  "and protect it with app.MapLeadStatusDashboard(\"{Pattern}\").RequireAuthorization(policy).")]
    public static partial void NotConfigured(ILogger logger, string pattern);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Dashboard request refused: {Why}.")]
    public static partial void Refused(ILogger logger, string why);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Dashboard action {Action} on event {EventId} of business {BusinessId}: {Outcome}.")]
    public static partial void Action(ILogger logger, string action, long eventId, long businessId, StatusUpdateOutcome outcome);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Dashboard requeue of notification {NotificationId} (all when none) of business {BusinessId}: {Count} requeued.")]
    public static partial void Requeued(ILogger logger, long? notificationId, long businessId, int count);
}

using LeadStatus.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadStatus;

/// <summary>
/// The library's health checks, as registrations for the host's health check service:
/// <c>services.AddHealthChecks().Add(LeadStatusHealthChecks.NotificationBacklog()).Add(LeadStatusHealthChecks.DeadNotifications())</c>.
/// Their thresholds are <see cref="NotificationHealthCheckOptions"/> (<c>services.Configure&lt;NotificationHealthCheckOptions&gt;(...)</c>),
/// validated at start-up.
/// </summary>
/// <remarks>Both read <see cref="INotificationAdmin.GetCountsAsync"/>, one query; an unreadable outbox reports the failure status.</remarks>
public static class LeadStatusHealthChecks
{
    /// <summary>The name of the outbox backlog check.</summary>
    public const string NotificationBacklogName = "leadstatus_notifications_backlog";

    /// <summary>The name of the dead notifications check.</summary>
    public const string DeadNotificationsName = "leadstatus_notifications_dead";

    /// <summary>The tag of every check of the library.</summary>
    public const string Tag = "leadstatus";

    /// <summary>
    /// Creates the outbox backlog check: pending notifications over every business and the age of the oldest, against
    /// <see cref="NotificationHealthCheckOptions.MaxPendingNotifications"/> and <see cref="NotificationHealthCheckOptions.MaxOldestPendingAge"/>.
    /// </summary>
    /// <param name="failureStatus">What the check reports above a threshold or when the outbox cannot be read.</param>
    /// <returns>The registration to add.</returns>
    public static HealthCheckRegistration NotificationBacklog(HealthStatus failureStatus = HealthStatus.Degraded) =>
        new(NotificationBacklogName, sp => ActivatorUtilities.CreateInstance<NotificationBacklogHealthCheck>(sp), failureStatus, [Tag]);

    /// <summary>
    /// Creates the dead notifications check, against <see cref="NotificationHealthCheckOptions.MaxDeadNotifications"/>
    /// (by default, any dead notification is reported).
    /// </summary>
    /// <param name="failureStatus">What the check reports above the threshold or when the outbox cannot be read.</param>
    /// <returns>The registration to add.</returns>
    public static HealthCheckRegistration DeadNotifications(HealthStatus failureStatus = HealthStatus.Degraded) =>
        new(DeadNotificationsName, sp => ActivatorUtilities.CreateInstance<DeadNotificationsHealthCheck>(sp), failureStatus, [Tag]);
}

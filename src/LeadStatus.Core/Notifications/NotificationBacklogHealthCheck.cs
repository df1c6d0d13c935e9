using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadStatus.Notifications;

/// <summary>Reports the outbox backlog: how many notifications are pending and how long the oldest one has waited.</summary>
internal sealed class NotificationBacklogHealthCheck(INotificationAdmin admin, IOptionsMonitor<NotificationHealthCheckOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = options.CurrentValue;
        NotificationCounts counts;
        try
        {
            counts = await admin.GetCountsAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The notification outbox could not be read.", ex);
        }

        var age = counts.OldestPendingAge ?? TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["pending"] = counts.Pending,
            ["oldest_pending_age_seconds"] = Math.Round(age.TotalSeconds, 3),
        };
        var description = string.Create(
            CultureInfo.InvariantCulture, $"{counts.Pending} notification(s) pending; the oldest waited {age:c}.");
        var healthy = counts.Pending <= limits.MaxPendingNotifications && age <= limits.MaxOldestPendingAge;
        return new HealthCheckResult(healthy ? HealthStatus.Healthy : context.Registration.FailureStatus, description, data: data);
    }
}

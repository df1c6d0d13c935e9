using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadStatus.Notifications;

/// <summary>Reports dead notifications: a person should look at them (<see cref="INotificationAdmin.GetDeadAsync"/>).</summary>
internal sealed class DeadNotificationsHealthCheck(INotificationAdmin admin, IOptionsMonitor<NotificationHealthCheckOptions> options) : IHealthCheck
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

        var description = string.Create(CultureInfo.InvariantCulture, $"{counts.Dead} dead notification(s).");
        var data = new Dictionary<string, object> { ["dead"] = counts.Dead };
        return new HealthCheckResult(
            counts.Dead <= limits.MaxDeadNotifications ? HealthStatus.Healthy : context.Registration.FailureStatus, description, data: data);
    }
}

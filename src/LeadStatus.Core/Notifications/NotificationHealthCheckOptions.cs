using System.ComponentModel.DataAnnotations;

namespace LeadStatus;

/// <summary>
/// Thresholds of the notification health checks (<see cref="LeadStatusHealthChecks"/>): above one, a check reports its
/// registration's failure status (by default <c>Degraded</c>).
/// </summary>
public sealed class NotificationHealthCheckOptions
{
    /// <summary>Gets or sets the most pending notifications (over every business) that are still healthy.</summary>
    /// <value>The default value is 10,000. Must not be negative.</value>
    [Range(0, long.MaxValue)]
    public long MaxPendingNotifications { get; set; } = 10_000;

    /// <summary>Gets or sets the longest the oldest pending notification may have waited and still be healthy.</summary>
    /// <value>The default value is 5 minutes. Must be between zero and 30 days.</value>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaxOldestPendingAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the most dead notifications (over every business) that are still healthy.</summary>
    /// <value>The default value is 0: any dead notification is reported. Must not be negative.</value>
    [Range(0, long.MaxValue)]
    public long MaxDeadNotifications { get; set; }
}

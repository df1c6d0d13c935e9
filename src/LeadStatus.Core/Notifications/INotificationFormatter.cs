namespace LeadStatus;

/// <summary>
/// Turns a lead status change into the title and body of its notification. The default is
/// <see cref="HebrewNotificationFormatter"/>; replace it with <c>UseNotificationFormatter(...)</c> on the builder.
/// </summary>
/// <remarks>
/// Called by the background dispatcher once per delivery attempt, so keep it pure and fast: no I/O. An exception counts as a
/// failed delivery attempt and is retried like a notifier's.
/// </remarks>
public interface INotificationFormatter
{
    /// <summary>Formats the title and body of a notification.</summary>
    /// <param name="content">The change to describe; labels are already resolved from the business's catalog.</param>
    /// <returns>The title and the body.</returns>
    NotificationText Format(NotificationContent content);
}

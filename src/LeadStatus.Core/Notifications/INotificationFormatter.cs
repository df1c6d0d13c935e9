namespace LeadStatus;

/// <summary>
/// Turns a notification into its title and body. The default is <see cref="HebrewNotificationFormatter"/>; replace it with
/// <c>UseNotificationFormatter(...)</c> on the builder.
/// </summary>
/// <remarks>
/// Called by the background dispatcher once per delivery attempt, so keep it pure and fast: no I/O. An exception counts as a
/// failed delivery attempt and is retried like a notifier's. Switch on <see cref="StatusChangeNotification.Kind"/>, and give
/// a kind this formatter does not know a generic text rather than throwing: new kinds are added without a breaking change.
/// </remarks>
public interface INotificationFormatter
{
    /// <summary>Formats the title and body of a notification.</summary>
    /// <param name="notification">
    /// The notification to describe, labels already resolved from the business's catalog; its <see cref="StatusChangeNotification.Title"/>
    /// and <see cref="StatusChangeNotification.Body"/> are still empty.
    /// </param>
    /// <returns>The title and the body.</returns>
    NotificationText Format(StatusChangeNotification notification);
}

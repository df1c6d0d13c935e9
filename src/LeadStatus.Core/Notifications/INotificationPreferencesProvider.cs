namespace LeadStatus;

/// <summary>
/// Supplies each business's <see cref="NotificationPreferences"/>. The default is the registered
/// <see cref="InMemoryNotificationPreferences"/>; replace it with <c>UseNotificationPreferences(...)</c> on the builder.
/// </summary>
/// <remarks>
/// Called by the dispatcher at most once per business and batch, off the callers' path; cache inside a database-backed provider.
/// A provider that throws does not hold anything back: the notification is delivered (and a warning logged).
/// </remarks>
public interface INotificationPreferencesProvider
{
    /// <summary>Gets a business's preferences.</summary>
    /// <param name="businessId">The business.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The preferences, or <see langword="null"/> for the defaults.</returns>
    ValueTask<NotificationPreferences?> GetPreferencesAsync(long businessId, CancellationToken cancellationToken = default);
}

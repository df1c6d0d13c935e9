using System.Collections.Concurrent;

namespace LeadStatus;

/// <summary>Notification preferences held in memory, set per business: the default provider, registered as a singleton.</summary>
public sealed class InMemoryNotificationPreferences : INotificationPreferencesProvider
{
    private readonly ConcurrentDictionary<long, NotificationPreferences> _preferences = new();

    /// <summary>Sets (replaces) a business's preferences.</summary>
    /// <param name="businessId">The business; must be positive.</param>
    /// <param name="preferences">The preferences.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="preferences"/> is null.</exception>
    public void Set(long businessId, NotificationPreferences preferences)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentNullException.ThrowIfNull(preferences);
        _preferences[businessId] = preferences;
    }

    /// <inheritdoc />
    public ValueTask<NotificationPreferences?> GetPreferencesAsync(long businessId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_preferences.GetValueOrDefault(businessId));
}

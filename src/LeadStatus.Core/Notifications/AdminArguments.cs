namespace LeadStatus.Notifications;

/// <summary>The argument checks every <see cref="INotificationAdmin"/> makes, in one place.</summary>
internal static class AdminArguments
{
    /// <summary>The most rows one listing returns.</summary>
    public const int MaxLimit = 1000;

    public static void Check(long? businessId, long id = 1, int limit = 1)
    {
        if (businessId is { } b)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b, nameof(businessId));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id, nameof(id));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit, nameof(limit));
    }
}

namespace LeadStatus;

/// <summary>
/// How a business wants its notifications delivered. Kept apart from the status rules: it changes delivery, never a status.
/// </summary>
public sealed record NotificationPreferences
{
    /// <summary>Gets the daily window in which the business's notifications are held.</summary>
    /// <value>The default value is <see langword="null"/>: no quiet hours.</value>
    public QuietHours? QuietHours { get; init; }

    /// <summary>
    /// Gets the digest interval: when set, the business gets one <see cref="NotificationKind.Digest"/> notification per interval
    /// (aligned on UTC multiples of it, so 15 minutes means :00, :15, :30, :45) listing the changes made in it, instead of one
    /// notification per change.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: one notification per change. Between 1 minute and 1 day.</value>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than 1 minute or longer than 1 day.</exception>
    public TimeSpan? DigestInterval
    {
        get => _digestInterval;
        init
        {
            if (value is { } interval && (interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(1)))
            {
                throw new ArgumentOutOfRangeException(nameof(DigestInterval), interval, "The digest interval must be between 1 minute and 1 day.");
            }

            _digestInterval = value;
        }
    }

    private readonly TimeSpan? _digestInterval;
}

namespace LeadStatus;

/// <summary>
/// How a business wants its notifications delivered. Kept apart from the status rules: it changes delivery, never a status.
/// </summary>
public sealed record NotificationPreferences
{
    /// <summary>Gets the daily window in which the business's notifications are held.</summary>
    /// <value>The default value is <see langword="null"/>: no quiet hours.</value>
    public QuietHours? QuietHours { get; init; }
}

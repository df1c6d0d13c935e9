namespace LeadStatus;

/// <summary>
/// A notification about a lead, ready to be delivered to the business's users: the one notification type of the library,
/// whatever its <see cref="Kind"/>.
/// </summary>
/// <remarks>
/// A formatter (<see cref="INotificationFormatter"/>) receives it with <see cref="Title"/> and <see cref="Body"/> still empty;
/// an <see cref="INotifier"/> receives it formatted. New kinds and new members are additive: members a kind does not use keep their
/// defaults.
/// </remarks>
/// <param name="NotificationId">Stable across redeliveries: de-duplicate on it.</param>
/// <param name="EventId">The id of the event in <c>lead_status_events</c> the notification is about.</param>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="LeadName">The lead's name, when the lead has one.</param>
/// <param name="PreviousStatusId">The status before the change, when the lead had one.</param>
/// <param name="PreviousStatusLabel">The display label of <paramref name="PreviousStatusId"/> (the id itself when the catalog no longer has it).</param>
/// <param name="NewStatusId">The status after the change (for <see cref="NotificationKind.SuggestionPending"/>, the suggested one).</param>
/// <param name="NewStatusLabel">The display label of <paramref name="NewStatusId"/>.</param>
/// <param name="Source">Where the recommendation came from, for example <see cref="StatusSources.CallSummary"/>.</param>
/// <param name="Confidence">The AI's confidence, from 0 to 1.</param>
/// <param name="ChangedAt">When the change (or the suggestion, or the revert) was committed.</param>
/// <param name="Title">The formatted title, for example <c>עדכון סטטוס ליד</c>.</param>
/// <param name="Body">The formatted body.</param>
public sealed record StatusChangeNotification(
    Guid NotificationId,
    long EventId,
    long BusinessId,
    long LeadId,
    string? LeadName,
    string? PreviousStatusId,
    string? PreviousStatusLabel,
    string NewStatusId,
    string NewStatusLabel,
    string Source,
    double Confidence,
    DateTimeOffset ChangedAt,
    string Title,
    string Body)
{
    /// <summary>Gets what the notification is about.</summary>
    /// <value>The default value is <see cref="NotificationKind.StatusChanged"/>.</value>
    public NotificationKind Kind { get; init; } = NotificationKind.StatusChanged;

    /// <summary>Gets the changes a <see cref="NotificationKind.Digest"/> lists, oldest first (labels resolved, no text of their own).</summary>
    /// <value>The default value is empty: every other kind is about one change.</value>
    public IReadOnlyList<StatusChangeNotification> Changes { get; init; } = [];

    /// <summary>Gets the confidence as a whole percentage, rounded half away from zero and clamped to 0–100.</summary>
    public int ConfidencePercent => (int)Math.Clamp(Math.Round(Confidence * 100, MidpointRounding.AwayFromZero), 0, 100);
}

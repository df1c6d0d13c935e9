namespace LeadStatus;

/// <summary>
/// A lead status change, ready to be delivered to the business's users.
/// </summary>
/// <param name="NotificationId">Stable across redeliveries: de-duplicate on it.</param>
/// <param name="EventId">The id of the event in <c>lead_status_events</c> that applied the change.</param>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead whose status changed.</param>
/// <param name="LeadName">The lead's name, when the lead has one.</param>
/// <param name="PreviousStatusId">The status before the change, when the lead had one.</param>
/// <param name="PreviousStatusLabel">The display label of <paramref name="PreviousStatusId"/> (the id itself when the catalog no longer has it).</param>
/// <param name="NewStatusId">The status after the change.</param>
/// <param name="NewStatusLabel">The display label of <paramref name="NewStatusId"/>.</param>
/// <param name="Source">Where the recommendation came from, for example <see cref="StatusSources.CallSummary"/>.</param>
/// <param name="Confidence">The AI's confidence, from 0 to 1.</param>
/// <param name="ChangedAt">When the change was committed.</param>
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
    string Body);

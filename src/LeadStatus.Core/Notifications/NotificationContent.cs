namespace LeadStatus;

/// <summary>
/// A lead status change before formatting: what an <see cref="INotificationFormatter"/> describes.
/// The fields are those of <see cref="StatusChangeNotification"/> without its text.
/// </summary>
/// <param name="NotificationId">Stable across redeliveries.</param>
/// <param name="EventId">The id of the event that applied the change.</param>
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
public sealed record NotificationContent(
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
    DateTimeOffset ChangedAt)
{
    /// <summary>Gets the confidence as a whole percentage, rounded half away from zero and clamped to 0–100.</summary>
    internal int ConfidencePercent => (int)Math.Clamp(Math.Round(Confidence * 100, MidpointRounding.AwayFromZero), 0, 100);
}

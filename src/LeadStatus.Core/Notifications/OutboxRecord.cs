namespace LeadStatus;

/// <summary>One row of <c>lead_status_outbox</c>: a notification waiting for, or done with, delivery.</summary>
/// <param name="Id">The row id.</param>
/// <param name="NotificationId">The stable notification id.</param>
/// <param name="EventId">The event that applied the change.</param>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="LeadName">The lead's name, read under its lock.</param>
/// <param name="PreviousStatusId">The status before the change.</param>
/// <param name="NewStatusId">The status after the change.</param>
/// <param name="NewStatusLabel">The display label of the new status.</param>
/// <param name="Source">The source of the recommendation.</param>
/// <param name="Confidence">The AI's confidence.</param>
/// <param name="ChangedAt">When the change was applied.</param>
/// <param name="State">The delivery state.</param>
/// <param name="Attempts">How many delivery attempts were made.</param>
/// <param name="LastError">The last delivery error, if any.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
public sealed record OutboxRecord(
    long Id,
    Guid NotificationId,
    long EventId,
    long BusinessId,
    long LeadId,
    string? LeadName,
    string? PreviousStatusId,
    string NewStatusId,
    string NewStatusLabel,
    string Source,
    double Confidence,
    DateTimeOffset ChangedAt,
    OutboxState State,
    int Attempts,
    string? LastError,
    DateTimeOffset? DeliveredAt);

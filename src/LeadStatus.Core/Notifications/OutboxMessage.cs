namespace LeadStatus.Notifications;

/// <summary>A claimed outbox row: the data of one applied change, before formatting.</summary>
internal sealed record OutboxMessage(
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
    int Attempts);

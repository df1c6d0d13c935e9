namespace LeadStatus.Notifications;

/// <summary>An outbox row's notification data, as the store wrote it in the apply transaction (before labels and text).</summary>
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
    DateTimeOffset ChangedAt)
{
    /// <summary>Gets what the notification is about.</summary>
    public NotificationKind Kind { get; init; } = NotificationKind.StatusChanged;

    /// <summary>Builds the public notification, with labels and text when known (empty otherwise).</summary>
    public StatusChangeNotification ToNotification(string? previousStatusLabel = null, string title = "", string body = "") => new(
        NotificationId, EventId, BusinessId, LeadId, LeadName, PreviousStatusId, previousStatusLabel, NewStatusId, NewStatusLabel, Source,
        Confidence, ChangedAt, title, body)
    {
        Kind = Kind,
    };
}

namespace LeadStatus;

/// <summary>One row of the notification outbox: a notification and where its delivery stands.</summary>
/// <param name="Id">The row id, unique within the business.</param>
/// <param name="Notification">
/// The notification as stored: <see cref="StatusChangeNotification.Title"/>, <see cref="StatusChangeNotification.Body"/> and
/// <see cref="StatusChangeNotification.PreviousStatusLabel"/> are filled in at delivery, so they are empty (null) here.
/// </param>
/// <param name="State">The delivery state.</param>
/// <param name="Attempts">How many delivery attempts recorded a result (a success or a failure).</param>
/// <param name="LastError">The last delivery error, if any (for a poison row, why it was given up).</param>
/// <param name="DeliveredAt">When it was delivered to every notifier.</param>
public sealed record OutboxEntry(
    long Id,
    StatusChangeNotification Notification,
    OutboxState State,
    int Attempts,
    string? LastError,
    DateTimeOffset? DeliveredAt);

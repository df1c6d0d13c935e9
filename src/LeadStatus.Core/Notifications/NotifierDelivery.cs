namespace LeadStatus.Notifications;

/// <summary>The delivery state of one outbox row through one notifier (<c>lead_status_outbox_deliveries</c>).</summary>
/// <param name="Notifier">The notifier's name (<see cref="NotifierNames"/>).</param>
/// <param name="State">Pending, delivered (never called again for the row) or dead (given up for the row).</param>
/// <param name="Attempts">The failed attempts of this notifier, plus its successful one.</param>
/// <param name="NextAttemptAt">When this notifier may be tried again.</param>
/// <param name="LastError">This notifier's last error.</param>
/// <param name="DeliveredAt">When this notifier succeeded.</param>
internal sealed record NotifierDelivery(
    string Notifier,
    OutboxState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt);

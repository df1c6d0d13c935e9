namespace LeadStatus.Notifications;

/// <summary>A row claimed by a dispatcher: its notification data and where its delivery stands.</summary>
/// <param name="Message">The notification data.</param>
/// <param name="Attempts">The attempts that recorded a result so far (this claim not included).</param>
/// <param name="NextAttemptAt">When the row became due.</param>
/// <param name="Claims">How many times the row was claimed without a recorded result, this claim included.</param>
/// <param name="Notifiers">The delivery state per notifier, for the notifiers that have one (empty before the first partial result).</param>
/// <param name="LastError">The row's last error.</param>
/// <param name="Poisoned">True when this claim found the row claimed too often without a result and marked it dead instead.</param>
internal sealed record ClaimedRow(
    OutboxMessage Message,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int Claims,
    IReadOnlyList<NotifierDelivery> Notifiers,
    string? LastError = null,
    bool Poisoned = false)
{
    /// <summary>Gets the row's key.</summary>
    public OutboxKey Key => new(Message.BusinessId, Message.Id);
}

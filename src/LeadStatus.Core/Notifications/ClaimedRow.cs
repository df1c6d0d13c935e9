namespace LeadStatus.Notifications;

/// <summary>A row claimed by a dispatcher: its notification data and where its delivery stands.</summary>
/// <param name="Message">The notification data.</param>
/// <param name="Attempts">The attempts made so far, this one included.</param>
internal sealed record ClaimedRow(OutboxMessage Message, int Attempts);

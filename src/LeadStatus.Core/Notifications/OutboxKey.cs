namespace LeadStatus.Notifications;

/// <summary>The key of an outbox row: its business and its id.</summary>
internal readonly record struct OutboxKey(long BusinessId, long Id);

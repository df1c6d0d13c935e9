namespace LeadStatus;

/// <summary>What a notification is about. Stored by name (<c>status_changed</c>, …), never by number.</summary>
/// <remarks>New kinds are appended; an <see cref="INotifier"/> that does not know a kind can still deliver its title and body.</remarks>
public enum NotificationKind
{
    /// <summary>A lead's status was changed (the status before and after are set).</summary>
    StatusChanged,

    /// <summary>A recommended change waits for a person's review (the status now and the suggested one are set).</summary>
    SuggestionPending,

    /// <summary>An applied change was reverted (the status before is the one reverted, the status after the one restored).</summary>
    ChangeReverted,

    /// <summary>
    /// A digest of a business's changes over an interval (<see cref="NotificationPreferences.DigestInterval"/>): they are listed in
    /// <see cref="StatusChangeNotification.Changes"/>; the per-change members are empty.
    /// </summary>
    Digest,
}

namespace LeadStatus.Notifications;

/// <summary>The explicit, stored names of <see cref="NotificationKind"/> values (the <c>kind</c> column of the outbox).</summary>
internal static class NotificationKindNames
{
    public const string StatusChanged = "status_changed";
    public const string SuggestionPending = "suggestion_pending";
    public const string ChangeReverted = "change_reverted";
    public const string Digest = "digest";

    /// <summary>Gets the stored name of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string ToName(NotificationKind kind) => kind switch
    {
        NotificationKind.StatusChanged => StatusChanged,
        NotificationKind.SuggestionPending => SuggestionPending,
        NotificationKind.ChangeReverted => ChangeReverted,
        NotificationKind.Digest => Digest,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a notification kind."),
    };

    /// <summary>Parses a stored name.</summary>
    /// <exception cref="FormatException"><paramref name="name"/> is not a known kind.</exception>
    public static NotificationKind Parse(string name) => name switch
    {
        StatusChanged => NotificationKind.StatusChanged,
        SuggestionPending => NotificationKind.SuggestionPending,
        ChangeReverted => NotificationKind.ChangeReverted,
        Digest => NotificationKind.Digest,
        _ => throw new FormatException($"'{name}' is not a notification kind this version knows."),
    };
}

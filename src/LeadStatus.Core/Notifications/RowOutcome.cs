namespace LeadStatus.Notifications;

/// <summary>
/// What a dispatcher hands back for one claimed row, in one statement for the whole batch: a recorded result, or a release
/// (<see cref="Released"/>: no result, the lease is given up and the claim does not count).
/// </summary>
/// <param name="Key">The row.</param>
/// <param name="Released">True when no result is recorded (the dispatcher is stopping or the batch failed).</param>
/// <param name="State">The row's new state (ignored when released).</param>
/// <param name="Attempts">The row's attempts with a result, this one included (ignored when released).</param>
/// <param name="NextAttemptAt">When the row is due again (ignored when released).</param>
/// <param name="LastError">The row's last error (ignored when released).</param>
/// <param name="DeliveredAt">When the row was delivered to every notifier (ignored when released).</param>
/// <param name="Notifiers">The per-notifier states to store, or null to store none.</param>
internal sealed record RowOutcome(
    OutboxKey Key,
    bool Released,
    OutboxState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<NotifierDelivery>? Notifiers)
{
    /// <summary>Gets a value indicating whether a notifier (or the formatter) failed in this attempt; not stored.</summary>
    public bool AttemptFailed { get; init; }

    /// <summary>Creates a hold: no attempt, the row is due again at <paramref name="until"/> (the end of the business's quiet hours).</summary>
    public static RowOutcome Hold(ClaimedRow row, DateTimeOffset until) =>
        new(row.Key, false, OutboxState.Pending, row.Attempts, until, row.LastError, null, null);

    /// <summary>Creates a release of a row that was not tried.</summary>
    public static RowOutcome Release(ClaimedRow row) =>
        new(row.Key, true, OutboxState.Pending, row.Attempts, row.NextAttemptAt, null, null, null);
}

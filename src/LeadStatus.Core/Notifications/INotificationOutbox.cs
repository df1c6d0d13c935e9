namespace LeadStatus.Notifications;

/// <summary>
/// The dispatcher's side of the transactional outbox. Rows are written by <see cref="Storage.ILeadStatusStore"/>
/// in the apply transaction; this interface claims, acknowledges, retries and purges them.
/// </summary>
internal interface INotificationOutbox
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> pending rows that are due (<c>next_attempt_at &lt;= now</c>) and not leased
    /// by another live dispatcher, leasing them to <paramref name="dispatcherId"/> until <paramref name="leaseUntil"/>.
    /// Safe with several dispatchers at once (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL). Claiming counts an attempt: each
    /// claimed row's attempt count is incremented and <see cref="ClaimedRow.Attempts"/> includes the attempt being made, so a
    /// row whose dispatcher died still moves towards <c>MaxAttempts</c>.
    /// </summary>
    Task<IReadOnlyList<ClaimedRow>> ClaimAsync(Guid dispatcherId, int batchSize, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Marks a claimed row delivered; a no-op returning false when the lease was lost.</summary>
    Task<bool> MarkDeliveredAsync(long businessId, long id, Guid dispatcherId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt: the row becomes pending again at <paramref name="retryAt"/>, or dead when
    /// <paramref name="retryAt"/> is null. Returns false when the lease was lost.
    /// </summary>
    Task<bool> MarkFailedAsync(long businessId, long id, Guid dispatcherId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>Deletes delivered rows delivered before <paramref name="deliveredBefore"/>; returns how many.</summary>
    Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken);

    /// <summary>Waits until new rows may be available (a wake-up signal) or <paramref name="timeout"/> passes.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

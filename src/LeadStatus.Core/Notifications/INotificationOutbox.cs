namespace LeadStatus.Notifications;

/// <summary>
/// The dispatcher's side of the transactional outbox. Rows are written by <see cref="Storage.ILeadStatusStore"/>
/// in the apply transaction; this interface claims, renews, completes (acknowledges or releases) and purges them.
/// </summary>
internal interface INotificationOutbox
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> pending rows that are due (<c>next_attempt_at &lt;= now</c>) and not leased by
    /// another live dispatcher, in <see cref="ClaimOrder"/>, leasing them to <paramref name="dispatcherId"/> until
    /// <paramref name="leaseUntil"/>. Safe with several dispatchers at once (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL).
    /// Claiming spends no attempt: it counts a claim, and a row already claimed <paramref name="maxClaims"/> times without a
    /// recorded result (its dispatcher died while delivering it) is marked dead as poison and returned with
    /// <see cref="ClaimedRow.Poisoned"/> set, not to be delivered.
    /// </summary>
    Task<IReadOnlyList<ClaimedRow>> ClaimAsync(
        Guid dispatcherId, int batchSize, int maxClaims, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Claims, like <see cref="ClaimAsync"/>, up to <paramref name="maxRows"/> more due, unleased rows of one business whose change
    /// happened in [<paramref name="changedFrom"/>, <paramref name="changedTo"/>): the rest of a digest the batch did not hold.
    /// </summary>
    Task<IReadOnlyList<ClaimedRow>> ClaimGroupAsync(
        Guid dispatcherId, long businessId, DateTimeOffset changedFrom, DateTimeOffset changedTo, int maxRows, int maxClaims,
        DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends the lease of rows <paramref name="dispatcherId"/> still holds; returns those it still holds.</summary>
    Task<IReadOnlySet<OutboxKey>> RenewAsync(
        Guid dispatcherId, IReadOnlyList<OutboxKey> rows, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Records the results and releases of a batch in one statement, each only while <paramref name="dispatcherId"/> still holds
    /// the row's lease; returns the rows it held. Per-notifier states are stored even without the lease (a success is a fact),
    /// but a delivered notifier is never set back.
    /// </summary>
    Task<IReadOnlySet<OutboxKey>> CompleteAsync(Guid dispatcherId, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>Deletes delivered rows delivered before <paramref name="deliveredBefore"/>; returns how many.</summary>
    Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken);

    /// <summary>Waits until new rows may be available (a wake-up signal) or <paramref name="timeout"/> passes.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

namespace LeadStatus;

/// <summary>
/// Operates the notification outbox: how much is waiting, which notifications are dead and why, and what to do with them.
/// Registered by <c>AddLeadStatusUpdates</c> for the configured store; a dashboard or an operator's tool builds on it.
/// </summary>
/// <remarks>Every call that names a business touches only that business's rows.</remarks>
public interface INotificationAdmin
{
    /// <summary>Counts the outbox rows by state, with the age of the oldest pending one.</summary>
    /// <param name="businessId">One business, or <see langword="null"/> for every business.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    Task<NotificationCounts> GetCountsAsync(long? businessId = null, CancellationToken cancellationToken = default);

    /// <summary>Lists a business's dead notifications, newest first, each with its last error.</summary>
    /// <param name="businessId">The business.</param>
    /// <param name="limit">The most rows to return, from 1 to 1,000.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The dead rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive, or <paramref name="limit"/> is out of range.</exception>
    Task<IReadOnlyList<OutboxEntry>> GetDeadAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes one dead notification pending again, due now, with fresh attempts (its last error is kept until the next attempt).
    /// Notifiers that delivered it are still not called again; those that gave up get fresh attempts.
    /// </summary>
    /// <param name="businessId">The business.</param>
    /// <param name="id">The outbox row id (<see cref="OutboxEntry.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns><see langword="true"/> when a dead row of that business was requeued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> or <paramref name="id"/> is not positive.</exception>
    Task<bool> RequeueAsync(long businessId, long id, CancellationToken cancellationToken = default);

    /// <summary>Requeues every dead notification of a business, as <see cref="RequeueAsync"/> does one.</summary>
    /// <param name="businessId">The business.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>How many rows were requeued.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    Task<int> RequeueAllAsync(long businessId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every dead notification of a business (a person dealt with them); pending and delivered rows are kept.</summary>
    /// <param name="businessId">The business.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many rows were deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    Task<int> PurgeDeadAsync(long businessId, CancellationToken cancellationToken = default);
}

namespace LeadStatus;

/// <summary>
/// Applies a lead status recommendation that an AI summary carries (for example <c>[המלצה: מעוניין]</c>)
/// to the lead, idempotently and with a full audit trail.
/// </summary>
public interface IStatusUpdateService
{
    /// <summary>
    /// Parses the recommendation out of <see cref="StatusRecommendation.SummaryText"/>, maps it to one of the
    /// business's statuses, applies the confidence policy and records the attempt in one atomic write.
    /// </summary>
    /// <param name="recommendation">The summary and the identity of the event that produced it.</param>
    /// <param name="cancellationToken">A token that cancels the call before the write commits.</param>
    /// <returns>
    /// The outcome. Every outcome except <see cref="StatusUpdateOutcome.AlreadyProcessed"/> and
    /// <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/> records exactly one event.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommendation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="recommendation"/> breaks the contract (see the README); nothing is recorded.</exception>
    Task<StatusUpdateResult> ApplyFromRecommendationAsync(StatusRecommendation recommendation, CancellationToken cancellationToken = default);
}

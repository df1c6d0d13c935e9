namespace LeadStatus;

/// <summary>
/// The person in the loop: human status changes, the review queue of uncertain recommendations, and undo of automated changes.
/// Registered by <c>AddLeadStatusUpdates</c>. Every action is an event of its own, idempotent and tenant-scoped.
/// </summary>
public interface IStatusReviewService
{
    /// <summary>
    /// Records a person's status change in one atomic write: the lead's new status (or <see cref="StatusUpdateOutcome.SameStatus"/>),
    /// history with the person as actor, an event of kind <see cref="LeadStatusEventKind.ManualChange"/>; it starts the lead's
    /// manual-change protection. Rules for automation do not bind a person: any status of the catalog is allowed.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="StatusUpdateOutcome.Applied"/>, <see cref="StatusUpdateOutcome.SameStatus"/>, <see cref="StatusUpdateOutcome.UnknownLabel"/>
    /// (a status id the catalog does not have; nothing changes), <see cref="StatusUpdateOutcome.LeadNotFound"/>,
    /// <see cref="StatusUpdateOutcome.AlreadyProcessed"/> or <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentException">A field breaks its rule; <see cref="ArgumentException.ParamName"/> names it. Nothing is written.</exception>
    Task<StatusUpdateResult> RecordManualChangeAsync(ManualStatusChange change, CancellationToken cancellationToken = default);

    /// <summary>Gets a business's live pending suggestions, newest first.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="limit">At most this many, 1–1,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> or <paramref name="limit"/> is out of range.</exception>
    Task<IReadOnlyList<StatusSuggestion>> GetPendingSuggestionsAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Accepts a pending suggestion: applies it through the one atomic write, locked statuses and transitions re-checked.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="eventId">The suggestion's <see cref="StatusSuggestion.EventId"/>.</param>
    /// <param name="actor">Who accepts it: 1–128 characters, no control characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome of the accept.</returns>
    Task<StatusUpdateResult> AcceptSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Rejects a pending suggestion; nothing changes.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="eventId">The suggestion's <see cref="StatusSuggestion.EventId"/>.</param>
    /// <param name="actor">Who rejects it: 1–128 characters, no control characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome of the reject.</returns>
    Task<StatusUpdateResult> RejectSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Puts a lead back to the status it had before an automated change, while the lead still holds what that change set.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="eventId">The <see cref="StatusUpdateResult.EventId"/> the applying call returned.</param>
    /// <param name="actor">Who reverts it: 1–128 characters, no control characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome of the revert.</returns>
    Task<StatusUpdateResult> RevertChangeAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default);
}

namespace LeadStatus.Storage;

/// <summary>
/// What the store did. For <see cref="StatusUpdateOutcome.AlreadyProcessed"/> and
/// <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/> every field but <see cref="Outcome"/> describes the first event.
/// </summary>
/// <param name="Outcome">The final outcome of this call.</param>
/// <param name="EventId">The event recorded by this call, or the first event with the same key.</param>
/// <param name="PreviousStatusId">The lead's status read under its lock (null when the lead was not read or has none).</param>
/// <param name="NewStatusId">The recommended status id, when the label mapped.</param>
/// <param name="RecommendedLabel">The recommended label recorded with the event.</param>
/// <param name="RecordedOutcome">The outcome recorded with the event (for a duplicate, the first call's outcome).</param>
/// <param name="Reason">The reason recorded by this call; null for a duplicate or a conflict.</param>
internal readonly record struct StoreWriteResult(
    StatusUpdateOutcome Outcome,
    long EventId,
    string? PreviousStatusId,
    string? NewStatusId,
    string? RecommendedLabel,
    StatusUpdateOutcome RecordedOutcome,
    string? Reason = null);

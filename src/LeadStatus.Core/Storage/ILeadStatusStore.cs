namespace LeadStatus.Storage;

/// <summary>
/// The one atomic, idempotent write of an attempt. Implementations: PostgreSQL (production) and in-memory.
/// </summary>
/// <remarks>
/// For a given <c>(BusinessId, Source, SourceEventId)</c> the first call records exactly one event whatever its outcome;
/// when the outcome is applied, the same transaction updates the lead, appends history and writes the outbox row.
/// Later calls with the same key write nothing: <see cref="StatusUpdateOutcome.AlreadyProcessed"/> when the fingerprint
/// matches, <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/> otherwise. Calls on one lead are serialized on it.
/// A failure throws after rolling back; nothing is half-written.
/// </remarks>
internal interface ILeadStatusStore
{
    /// <summary>Records the attempt and, when it applies, the change; atomically.</summary>
    Task<StoreWriteResult> RecordAsync(StatusEventWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// Records several attempts in one transaction, each exactly as <see cref="RecordAsync"/> would have had they been recorded one
    /// after another in list order (a key repeated in the list, the same lead several times); the results are in list order.
    /// </summary>
    /// <remarks>Every write is checked before any I/O; a failure throws after rolling back, and nothing of the list is written.</remarks>
    Task<IReadOnlyList<StoreWriteResult>> RecordManyAsync(IReadOnlyList<StatusEventWrite> writes, CancellationToken cancellationToken);

    /// <summary>
    /// Records a person's action on an earlier event of the business and, when it changes the lead, the change; atomically.
    /// Returns null, writing nothing, when the referenced event is not one the action applies to in this business.
    /// </summary>
    Task<StoreWriteResult?> RecordReviewAsync(ReviewWrite write, CancellationToken cancellationToken);

    /// <summary>Reads a business's live suggestions (pending, created after <paramref name="since"/>), newest first.</summary>
    Task<IReadOnlyList<StatusSuggestion>> GetPendingSuggestionsAsync(long businessId, DateTimeOffset since, int limit, CancellationToken cancellationToken);
}

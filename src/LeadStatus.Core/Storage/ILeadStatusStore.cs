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
}

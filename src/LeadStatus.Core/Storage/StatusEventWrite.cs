using LeadStatus.Policy;

namespace LeadStatus.Storage;

/// <summary>
/// Everything a store needs for the one atomic write of an attempt. Built by the service after validation,
/// parsing, mapping and the confidence policy; the store only adds what it reads under the lead's lock.
/// </summary>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead named by the call.</param>
/// <param name="Source">The validated source.</param>
/// <param name="SourceEventId">The validated idempotency key.</param>
/// <param name="RecommendedLabel">The parsed label, if any.</param>
/// <param name="RecommendedStatusId">The status the label mapped to, if any.</param>
/// <param name="RecommendedStatusLabel">That status's display label.</param>
/// <param name="Confidence">The AI's confidence.</param>
/// <param name="ProposedOutcome">
/// <see cref="StatusUpdateOutcome.Applied"/> asks the store to apply <paramref name="RecommendedStatusId"/>, and
/// <see cref="StatusUpdateOutcome.PendingReview"/> to record it as a suggestion, when the ordered checks under the lead's lock
/// pass (otherwise <see cref="StatusUpdateOutcome.LeadNotFound"/>, <see cref="StatusUpdateOutcome.SameStatus"/> or
/// <see cref="StatusUpdateOutcome.RejectedByRule"/>); any other outcome is recorded as it is, without reading the lead.
/// </param>
/// <param name="RequestFingerprint">Identifies the request's content (lead and normalized label); a same-key call with another fingerprint is an <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/>.</param>
/// <param name="Reason">The reason recorded for a proposed outcome other than <see cref="StatusUpdateOutcome.Applied"/>.</param>
/// <param name="NotificationId">The id the outbox row gets when the change is applied.</param>
/// <param name="Now">The time of the attempt, from the injected <see cref="TimeProvider"/>.</param>
/// <param name="Kind">What the event records: a recommendation, or a person's action.</param>
/// <param name="Actor">The person, for a person's action.</param>
/// <param name="RefersToEventId">The event a person's action refers to (the suggestion accepted, the change reverted).</param>
/// <param name="MatchKind">How the label matched, when it did.</param>
/// <param name="Guard">The rules checked under the lead's lock before applying (<see cref="LeadGuard"/>).</param>
/// <param name="Notify">Whether an applied change writes a notification to the outbox.</param>
internal sealed record StatusEventWrite(
    long BusinessId,
    long LeadId,
    string Source,
    string SourceEventId,
    string? RecommendedLabel,
    string? RecommendedStatusId,
    string? RecommendedStatusLabel,
    double Confidence,
    string RequestFingerprint,
    StatusUpdateOutcome ProposedOutcome,
    string Reason,
    Guid NotificationId,
    DateTimeOffset Now,
    LeadStatusEventKind Kind = LeadStatusEventKind.Recommendation,
    string? Actor = null,
    long? RefersToEventId = null,
    StatusMatchKind? MatchKind = null,
    LeadGuard Guard = default,
    bool Notify = true)
{
    /// <summary>Gets whether the store decides the outcome under the lead's lock.</summary>
    public bool ReadsLead => ProposedOutcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.PendingReview;
}
